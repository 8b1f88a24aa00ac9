package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Plays the Deployment controller, which a bare API server does not run: writes the status a
 * Deployment has once its pods are up.
 */
public final class DeploymentController {
  private DeploymentController() {}

  /**
   * Marks every wanted replica of the Deployment's current generation updated, ready and available,
   * with the Available and Progressing conditions the controller sets, once the Deployment exists.
   */
  public static void rollOut(KubernetesClient client, String namespace, String name) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(namespace).withName(name).get() != null);
    client.apps().deployments().inNamespace(namespace).withName(name).editStatus(d -> {
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      d.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(d.getMetadata().getGeneration())
          .withReplicas(replicas)
          .withUpdatedReplicas(replicas)
          .withReadyReplicas(replicas)
          .withAvailableReplicas(replicas)
          // The conditions the controller sets once a rollout is complete.
          .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
          .withMessage("Deployment has minimum availability.").endCondition()
          .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
          .withMessage("ReplicaSet \"" + name + "\" has successfully progressed.").endCondition()
          .build());
      return d;
    });
  }
}
