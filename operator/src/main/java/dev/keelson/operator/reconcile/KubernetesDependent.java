package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One kind of Kubernetes object a custom resource owns. {@link #desired} is a pure function of
 * the reconcile's model: no I/O, no clock, the same model always gives the same object.
 *
 * @param <M> the immutable model built once per reconcile
 * @param <R> the owned kind
 */
public interface KubernetesDependent<M, R extends HasMetadata> {

  Class<R> resourceType();

  /** Name of the object, wanted or not (an object no longer wanted is deleted by this name). */
  String name(M model);

  /** Whether the model wants this object at all (e.g. an HPA only when autoscaling is set). */
  default boolean wanted(M model) {
    return true;
  }

  R desired(M model);
}
