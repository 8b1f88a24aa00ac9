package dev.keelson.operator.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.service.ServiceBenchmarks;
import dev.keelson.operator.testing.OperatorProcess;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.StatusAssert;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The namespaces the packaged operator watches, as OLM's install modes set them: the
 * OperatorGroup's target namespaces reach the pod as its {@code olm.targetNamespaces} annotation,
 * which deploy/ and the CSV hand to {@code KEELSON_WATCH_NAMESPACES} — a list for the
 * OwnNamespace, SingleNamespace and MultiNamespace modes, empty for AllNamespaces.
 */
class WatchedNamespacesIT {
  static RealApiServer server;

  @BeforeAll
  static void start() {
    server = RealApiServer.dedicated();
    for (String ns : new String[] {"team-a", "team-b", "team-c"}) {
      server.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      server.client().resource(ServiceBenchmarks.platform(ns, "shop")).create();
      server.client().resource(ServiceBenchmarks.service(ns, "orders")).create();
    }
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void targetNamespacesAreWatchedAndNoOthersThenAnEmptyListMeansAll() throws Exception {
    KubernetesClient client = server.client();
    try (var operator = OperatorProcess.start(server, Map.of("KEELSON_WATCH_NAMESPACES", "team-a,team-b"))) {
      // Several namespaces are one informer each, and the objects that exist before the start are
      // reconciled in every one of them (a store shared by those informers lost them: CompactItemStore.unlessShared).
      await().atMost(Duration.ofMinutes(1)).until(() -> reconciled(client, "team-a") && reconciled(client, "team-b"));
      // Both watched Services are done, and the Platform of team-c would have been reconciled first.
      assertThat(client.resources(KeelsonService.class).inNamespace("team-c").withName("orders").get().getStatus())
          .as("a Service outside the target namespaces is left alone").isNull();
      assertThat(client.apps().deployments().inNamespace("team-c").list().getItems()).isEmpty();
      // JOSDK started the informers of both namespaces at once on a pool of its own; those threads end
      // once idle (StartupThreads), leaving the reconcile pool (up to 20 threads, made as reconciles
      // come) and the leader election's thread.
      await("the threads that started the informers to end").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var pools = operator.threadCounts().entrySet().stream().filter(e -> e.getKey().matches("pool-[0-9]+-thread-N"))
            .map(Map.Entry::getValue).sorted(java.util.Comparator.reverseOrder()).toList();
        assertThat(pools).as("threads of the plain pools, the reconcile pool first").first().satisfies(n -> assertThat(n).isLessThanOrEqualTo(20));
        assertThat(pools.subList(1, pools.size())).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
      });
    }
    try (var operator = OperatorProcess.start(server, Map.of("KEELSON_WATCH_NAMESPACES", ""))) {
      await("AllNamespaces: OLM's annotation is empty").atMost(Duration.ofMinutes(1)).until(() -> reconciled(client, "team-c"));
    }
  }

  private static boolean reconciled(KubernetesClient client, String ns) {
    var service = client.resources(KeelsonService.class).inNamespace(ns).withName("orders").get();
    return StatusAssert.isReconciled(service.getStatus(), service.getMetadata().getGeneration());
  }
}
