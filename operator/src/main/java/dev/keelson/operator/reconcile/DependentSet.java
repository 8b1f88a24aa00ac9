package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects one custom resource owns on a cluster, in apply order: every wanted one is applied
 * (only if it differs), every unwanted one that exists is deleted. The first failure stops the
 * pass and becomes the cluster's verdict.
 */
public record DependentSet<M>(List<KubernetesDependent<M, ? extends HasMetadata>> dependents) {

  public DependentSet {
    dependents = List.copyOf(dependents);
  }

  public List<Class<? extends HasMetadata>> resourceTypes() {
    return dependents.stream().<Class<? extends HasMetadata>>map(KubernetesDependent::resourceType).toList();
  }

  /** The desired objects of every wanted dependent: a pure function of the model. */
  public List<HasMetadata> desired(M model) {
    return dependents.stream().filter(d -> d.wanted(model)).<HasMetadata>map(d -> d.desired(model)).toList();
  }

  public Outcome reconcile(Context<?> context, TargetCluster cluster, M model, String namespace) {
    var applied = new ArrayList<HasMetadata>();
    for (var dependent : dependents) {
      try {
        if (dependent.wanted(model)) {
          applied.add(ResourceApplier.apply(context, cluster, dependent.desired(model)).resource());
        } else {
          ResourceApplier.deleteIfPresent(context, cluster, dependent.resourceType(), namespace, dependent.name(model));
        }
      } catch (KubernetesClientException e) {
        return new Outcome(applied, ApplyFailure.verdict(dependent.resourceType().getSimpleName() + " " + dependent.name(model), e));
      }
    }
    return new Outcome(applied, null);
  }

  /**
   * Deletes every object of the set that the cluster's cache holds: for a workload whose placement
   * no longer includes that cluster (a spec change, never an empty list).
   */
  public Verdict remove(Context<?> context, TargetCluster cluster, M model, String namespace) {
    for (var dependent : dependents) {
      try {
        ResourceApplier.deleteIfPresent(context, cluster, dependent.resourceType(), namespace, dependent.name(model));
      } catch (KubernetesClientException e) {
        return ApplyFailure.verdict("removing " + dependent.resourceType().getSimpleName() + " " + dependent.name(model), e);
      }
    }
    return null;
  }

  /** The objects as they stand after the pass, and the failure that stopped it, if any. */
  public record Outcome(List<HasMetadata> applied, Verdict failure) {
    public <R extends HasMetadata> R find(Class<R> type) {
      return applied.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    public <R extends HasMetadata> R find(Class<R> type, String name) {
      return applied.stream().filter(type::isInstance).map(type::cast)
          .filter(r -> name.equals(r.getMetadata().getName())).findFirst().orElseThrow();
    }
  }
}
