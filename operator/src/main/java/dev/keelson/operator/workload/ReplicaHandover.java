package dev.keelson.operator.workload;

import dev.keelson.operator.cluster.TargetCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Hands an autoscaled Deployment's replica count to the HPA without ever fighting it. Keelson's
 * own applied configuration leaves {@code replicas} out whenever autoscaling is on, so no apply of
 * Keelson's, however stale its cache, can set the count back. The count is instead applied once,
 * without force, by the field manager {@value #FIELD_MANAGER}:
 * <ul>
 *   <li>for a new Deployment, after it is created: the range's minimum;
 *   <li>when autoscaling is switched on, before Keelson's own apply drops the field: the live
 *       count, so that the field keeps an owner and the API server does not reset it to 1.
 * </ul>
 * The HPA's first change takes the field over. A conflict means another manager already owns it:
 * nothing is left to hand over.
 */
public final class ReplicaHandover {
  public static final String FIELD_MANAGER = "keelson-replicas";
  private static final int HTTP_CONFLICT = 409;

  private ReplicaHandover() {}

  public static void apply(TargetCluster cluster, WorkloadModel model) {
    Deployment replicasOnly = new DeploymentBuilder()
        .withNewMetadata().withName(model.identity().name()).withNamespace(model.identity().namespace()).endMetadata()
        .withNewSpec().withReplicas(model.scaling().handoverReplicas()).endSpec()
        .build();
    try {
      cluster.client().resource(replicasOnly).fieldManager(FIELD_MANAGER).serverSideApply();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HTTP_CONFLICT) throw e;
    }
  }
}
