package dev.keelson.operator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.testing.OperatorTest;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.placement on a real API server: a Platform lists the operator's own cluster (role primary)
 * and a remote one (role dev) whose kubeconfig Secret is missing, and the Service moves between
 * them. (Remote clusters that are there: MultiClusterIT.)
 */
class ServicePlacementIT extends OperatorTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  KeelsonService service;

  @BeforeEach
  void createPlatformAndService() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          clusters:
          - {name: primary, inCluster: true, labels: {role: primary}}
          - {name: ovh-dev, kubeconfigSecretRef: {name: ovh-kubeconfig}, labels: {role: dev}}
        """, Platform.class);
    service = server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: orders}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          placement: {clusterSelector: {matchLabels: {role: primary}}}
        """, KeelsonService.class);
  }

  @Test
  void theServiceRunsWhereItsPlacementSaysAndLeavesWhereItNoLongerDoes() {
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(WAIT).until(() -> deployment.get() != null);
    var onPrimary = awaitStatus(s -> s.clusters() != null && s.clusters().size() == 1);
    assertThat(onPrimary.clusters()).extracting(ClusterStatus::name).containsExactly("primary");

    // To the remote cluster, whose kubeconfig Secret does not exist: said so on that cluster, and what it made on primary is removed.
    patch("{\"spec\":{\"placement\":{\"clusterSelector\":{\"matchLabels\":{\"role\":\"dev\"}}}}}");
    await().atMost(WAIT).until(() -> deployment.get() == null
        && client.services().inNamespace(namespace).withName("orders").get() == null
        && client.serviceAccounts().inNamespace(namespace).withName("orders").get() == null);
    var onRemote = awaitStatus(s -> s.clusters() != null && s.clusters().stream().anyMatch(c -> c.name().equals("ovh-dev")));
    assertThat(onRemote.clusters()).singleElement().satisfies(c -> {
      assertThat(c.ready()).isFalse();
      assertThat(c.reason()).isEqualTo("InvalidKubeconfig");
      assertThat(c.message()).contains("ovh-kubeconfig", "does not exist");
    });

    // A name the Platform does not list is reported on that name.
    patch("{\"spec\":{\"placement\":{\"clusterSelector\":null,\"clusters\":[\"gcp-prod\"]}}}");
    var unknown = awaitStatus(s -> s.clusters() != null && s.clusters().stream().anyMatch(c -> c.name().equals("gcp-prod")));
    assertThat(unknown.clusters()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo("UnknownCluster");
      assertThat(c.message()).isEqualTo("spec.placement names cluster gcp-prod, which Platform shop does not list");
    });

    // Matching nothing at all: NotPlaced, and nothing runs.
    patch("{\"spec\":{\"placement\":{\"clusters\":null,\"clusterSelector\":{\"matchLabels\":{\"role\":\"staging\"}}}}}");
    var nowhere = awaitStatus(s -> "NotPlaced".equals(Conditions.find(s.conditions(), Conditions.READY).orElseThrow().getReason()));
    assertThat(Conditions.find(nowhere.conditions(), Conditions.READY).orElseThrow().getMessage())
        .isEqualTo("spec.placement matches none of Platform shop's clusters (primary, ovh-dev)");
    assertThat(nowhere.clusterSummary()).isEqualTo("0/0");

    // Back to primary.
    patch("{\"spec\":{\"placement\":{\"clusterSelector\":{\"matchLabels\":{\"role\":\"primary\"}}}}}");
    await().atMost(WAIT).until(() -> deployment.get() != null);
  }

  private void patch(String mergePatch) {
    client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private ServiceStatus awaitStatus(Predicate<ServiceStatus> condition) {
    return await().atMost(WAIT).until(() -> client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }
}
