package dev.keelson.operator.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.service.ServiceBenchmarks;
import dev.keelson.operator.testing.Kubectl;
import dev.keelson.operator.testing.OperatorProcess;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.StatusAssert;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged operator processes against a real API server of their own, as deploy/'s two
 * replicas run: with deploy/'s ServiceAccount and RBAC (the Lease's Role included), only the Lease holder reconciles, the standby says so in its readiness, and when
 * the leader is killed (-9) in the middle of converging a batch of Services the standby takes the
 * Lease once it runs out and converges every Service, with each owned object there exactly once;
 * a leader asked to stop (SIGTERM) releases the Lease, exits promptly, and the next standby takes over.
 */
class LeaderFailoverIT {
  static final int SERVICES = 40;
  static final Duration LEASE = Duration.ofSeconds(15);
  static RealApiServer server;

  @BeforeAll
  static void start() {
    server = RealApiServer.dedicated();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void theStandbyTakesOverFromAKilledLeaderAndConvergesWithNothingDuplicatedOrLost() throws Exception {
    KubernetesClient client = server.client();
    String ns = server.createNamespace("failover");
    var applied = Kubectl.run(server, "apply", "--server-side", "-f",
        RealApiServer.repositoryRoot().resolve("deploy").resolve("keelson-operator.yaml").toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    Path kubeconfig = Files.createTempFile("keelson-operator-sa", ".yaml");
    Files.writeString(kubeconfig, server.kubeconfigVia(server.port(), OperatorProcess.NAMESPACE, "keelson-operator"));
    try (var first = OperatorProcess.start(server, kubeconfig, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", "first"))) {
      await("the first process to take the Lease").atMost(LEASE.multipliedBy(2)).until(() -> "first".equals(OperatorProcess.leaseHolder(client)));
      try (var second = OperatorProcess.start(server, kubeconfig, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", "second"))) {
        assertThat(first.readiness().statusCode()).isEqualTo(200);
        assertThat(first.readiness().body()).contains("\"role\": \"LEADER\"");
        var standby = second.readiness();
        assertThat(standby.statusCode()).as("a standby is ready: a rolling update can start the next replica beside the leader").isEqualTo(200);
        assertThat(standby.body()).contains("\"role\": \"STANDBY\"").contains("\"leader\": \"first\"");

        client.resource(ServiceBenchmarks.platform(ns, "shop")).create();
        for (int i = 0; i < SERVICES; i++) client.resource(ServiceBenchmarks.service(ns, "svc-" + i)).create();
        // Mid-apply: some Services have their objects, others not yet.
        await("the leader to be part-way through").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
            .until(() -> client.apps().deployments().inNamespace(ns).list().getItems().size() >= 3);
        assertThat(second.successfulReconciles()).as("the standby has reconciled nothing").isZero();
        first.kill();
        long killed = System.nanoTime();

        await("the standby to take the Lease").atMost(LEASE.multipliedBy(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> "second".equals(OperatorProcess.leaseHolder(client)));
        await("the new leader's first reconcile").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> second.successfulReconciles() > 0);
        System.out.printf("failover: kill -9 to the new leader's first reconcile %.1f s%n", (System.nanoTime() - killed) / 1e9);
        assertThat(second.readiness().body()).contains("\"role\": \"LEADER\"");

        await("every Service converged by the new leader").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
            .until(() -> client.resources(KeelsonService.class).inNamespace(ns).list().getItems().stream()
                .filter(s -> StatusAssert.isReconciled(s.getStatus(), 1L)).count() == SERVICES);
        var expected = expectedObjects(ns);
        for (var kind : expected.keySet()) {
          var names = client.resources(kind).inNamespace(ns).list().getItems().stream()
              .map(o -> o.getMetadata().getName()).filter(expected.get(kind)::contains).sorted().toList();
          assertThat(names).as(kind.getSimpleName() + "s of the Services: none lost").isEqualTo(expected.get(kind).stream().sorted().toList());
        }
        for (var service : client.resources(KeelsonService.class).inNamespace(ns).list().getItems()) {
          assertThat(service.getMetadata().getFinalizers()).as("finalizers of " + service.getMetadata().getName()).doesNotHaveDuplicates();
        }

        // A rolling update: the leader is asked to stop (SIGTERM), gives up its Lease and exits promptly.
        try (var third = OperatorProcess.start(server, kubeconfig, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", "third"))) {
          long terminated = System.nanoTime();
          assertThat(second.terminate(Duration.ofSeconds(10))).as("the leader exits within 10 s of SIGTERM").isTrue();
          assertThat(Files.readString(second.log())).as("the stopping leader hands its Lease over").contains("released the Lease");
          await("the standby to take the Lease the leader gave up").atMost(LEASE.multipliedBy(2)).pollInterval(Duration.ofMillis(50))
              .until(() -> "third".equals(OperatorProcess.leaseHolder(client)));
          System.out.printf("handover: SIGTERM to the new leader holding the Lease %.1f s%n", (System.nanoTime() - terminated) / 1e9);
        }
      }
    }
  }

  /** The names of the objects each kind should have: what the Service reconciler applies for every Service. */
  private static Map<Class<? extends HasMetadata>, Set<String>> expectedObjects(String ns) {
    var platform = ServiceBenchmarks.platform(ns, "shop");
    var cluster = new TargetCluster(TargetCluster.LOCAL, null, null, null, false);
    return IntStream.range(0, SERVICES).boxed()
        .flatMap(i -> ServiceBenchmarks.desired(ServiceBenchmarks.model(ServiceBenchmarks.service(ns, "svc-" + i), platform, cluster,
            new KeelsonSettings("ingress-nginx"))).stream())
        .collect(Collectors.groupingBy(o -> (Class<? extends HasMetadata>) o.getClass(), Collectors.mapping(o -> o.getMetadata().getName(), Collectors.toSet())));
  }


}
