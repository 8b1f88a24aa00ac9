package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Plays the StatefulSet controller, which a bare API server does not run: writes the status of a StatefulSet whose pods are up. */
public final class StatefulSetController {
  private StatefulSetController() {}

  /** Marks every replica of the StatefulSet's current generation ready, once the StatefulSet exists. */
  public static void rollOut(KubernetesClient client, String namespace, String name) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> client.apps().statefulSets().inNamespace(namespace).withName(name).get() != null);
    client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
      int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
      s.setStatus(new StatefulSetStatusBuilder()
          .withObservedGeneration(s.getMetadata().getGeneration())
          .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
          .withCurrentReplicas(replicas).withUpdatedReplicas(replicas)
          .build());
      return s;
    });
  }
}
