package dev.keelson.operator.workerpool;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.FieldOwnership;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Sets a worker Deployment's replica count through its scale subresource, by server-side apply
 * with a field manager of its own ({@value #FIELD_MANAGER}). Keelson's apply of the Deployment
 * leaves {@code replicas} out in Lag mode, so the two never fight; and because the count is
 * applied rather than updated, the autoscaler owns the field even when it sets the value the
 * Deployment already has (which is what keeps the count when Manual mode is switched to Lag).
 */
final class DeploymentScale {
  static final String FIELD_MANAGER = "keelson-autoscaler";
  private static final PatchContext APPLY = new PatchContext.Builder()
      .withPatchType(PatchType.SERVER_SIDE_APPLY)
      .withFieldManager(FIELD_MANAGER)
      .withForce(true)
      .build();

  private DeploymentScale() {}

  static void set(TargetCluster cluster, String namespace, String name, int replicas) {
    var scale = new ScaleBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withReplicas(replicas).endSpec()
        .build();
    String body = cluster.client().getKubernetesSerialization().asJson(scale);
    cluster.client().apps().deployments().inNamespace(namespace).withName(name).subresource("scale").patch(APPLY, body);
  }

  /** Whether the autoscaler already owns the Deployment's replica count. */
  static boolean owned(Deployment deployment) {
    return FieldOwnership.appliedBy(deployment, FIELD_MANAGER, "spec", "replicas");
  }
}
