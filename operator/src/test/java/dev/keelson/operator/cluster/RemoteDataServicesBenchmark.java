package dev.keelson.operator.cluster;

import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.redis.RedisAdmin;
import dev.keelson.operator.redis.RedisConnections;
import dev.keelson.operator.redis.RedisUser;
import dev.keelson.operator.testing.BenchmarkReport;
import dev.keelson.operator.testing.KwokNode;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.RedisServer;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.StatefulSetController;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The remote data-services benchmark (not part of the test suite; run by
 * {@code hack/bench-remote-data-services.sh}): what reaching a remote cluster's Redis through its
 * API server (a port-forward per instance and sync) costs, against the same work on the operator's
 * own cluster, where Redis is dialled directly, in the same run. Two real API servers (the
 * operator's, and a remote one with a kwok Node whose pod port 6379 is forwarded to a real
 * redis-server), one operator; on each side a Platform with Redis and N Services using it.
 * Measures the time from apply to every ACL user in place, then the latency of one more Service
 * (apply to its user in Redis), on each side; and one Redis session as a sync opens it, alone,
 * directly and through a tunnel. Nothing here asserts a duration.
 */
class RemoteDataServicesBenchmark {

  @Test
  void run() throws Exception {
    int n = Integer.getInteger("keelson.bench.consumers", 50);
    int changes = Integer.getInteger("keelson.bench.changes", 10);
    var here = RealApiServer.dedicated();
    var there = RealApiServer.dedicated();
    try (var nearRedis = RedisServer.start(); var farRedis = RedisServer.start();
        var node = KwokNode.start(there, Map.of(6379, farRedis.node().port()))) {
      String ns = here.createNamespace("bench");
      here.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("remote-kubeconfig").endMetadata()
          .addToStringData("kubeconfig", there.kubeconfigVia(there.port())).build()).create();
      try (var operator = RunningOperator.start(here, ns, List.of(nearRedis.node()))) {
        // The operator's own cluster, Redis dialled directly: the baseline.
        long nearStart = System.nanoTime();
        createPlatform(here, ns, "near", "");
        createServices(here, ns, "near", n);
        StatefulSetController.rollOut(here.client(), ns, "near-redis");
        double nearSeconds = converge(here, ns, "near", n, nearStart);
        var nearChanges = changes(here, ns, "near", changes, nearRedis);

        // A remote cluster, Redis reached through its API server.
        long farStart = System.nanoTime();
        createPlatform(here, ns, "far", "clusters: [{name: remote, kubeconfigSecretRef: {name: remote-kubeconfig}}]");
        createServices(here, ns, "far", n);
        node.runStatefulSet(ns, "far-redis");
        double farSeconds = converge(here, ns, "far", n, farStart);
        var farChanges = changes(here, ns, "far", changes, farRedis);

        // One Redis session as a sync opens it (connect, AUTH, ACL USERS, close), alone: directly, and through a tunnel.
        var connections = RedisConnections.jedis(Duration.ofSeconds(5), List.of());
        var near = new TargetCluster("local", Map.of(), null, here.client(), true);
        var far = new TargetCluster("remote", Map.of(), null, there.client(), false);
        var nearSessions = sessions(connections, near, nearRedis.node(), changes);
        var farSessions = sessions(connections, far, new RedisAdmin.RedisNode("far-redis-0.far-redis-headless." + ns + ".svc", 6379), changes);

        String report = "| consumers | own cluster, direct: apply to all users (s) | remote, through its API server (s) | ratio "
            + "| one more consumer, direct: p50 / max (ms) | through the API server: p50 / max (ms) | ratio of p50 "
            + "| one Redis session, direct: p50 / max (ms) | through the API server: p50 / max (ms) |\n"
            + "|---|---|---|---|---|---|---|---|---|\n"
            + String.format("| %d | %.2f | %.2f | %.2f | %d / %d | %d / %d | %.2f | %.1f / %.1f | %.1f / %.1f |%n", n, nearSeconds, farSeconds,
                farSeconds / nearSeconds, p50(nearChanges), max(nearChanges), p50(farChanges), max(farChanges),
                (double) p50(farChanges) / p50(nearChanges), p50(nearSessions) / 1000.0, max(nearSessions) / 1000.0,
                p50(farSessions) / 1000.0, max(farSessions) / 1000.0);
        BenchmarkReport.publish("remote-data-services", report);
      }
    } finally {
      there.stop();
      here.stop();
    }
  }

  private static void createPlatform(RealApiServer server, String ns, String name, String clusters) {
    server.create(ns, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: %s}
        spec:
          profile: dev
          redis: {}
          %s
        """.formatted(name, clusters), Platform.class);
  }

  private static void createServices(RealApiServer server, String ns, String platform, int n) {
    for (int i = 0; i < n; i++) createService(server, ns, platform, platform + "-" + i);
  }

  private static void createService(RealApiServer server, String ns, String platform, String name) {
    server.create(ns, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: %1$s}
        spec:
          platformRef: {name: %2$s}
          image: quay.io/keelson/user-service:0.1.0
          ports: [{name: http, port: 8080}]
          uses: {redis: {keyPrefix: %1$s}}
        """.formatted(name, platform), KeelsonService.class);
  }

  /** Seconds from {@code start} (before the Platform was applied) to every ACL user in place. */
  private static double converge(RealApiServer server, String ns, String platform, int n, long start) {
    var platforms = server.client().resources(Platform.class).inNamespace(ns).withName(platform);
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> converged(platforms.get().getStatus(), n));
    return (System.nanoTime() - start) / 1e9;
  }

  private static boolean converged(PlatformStatus status, int n) {
    return status != null && status.redis() != null && Boolean.TRUE.equals(status.redis().ready()) && status.redis().users() == n;
  }

  /** Milliseconds from applying one more Service to its ACL user on the Redis, for each of {@code changes} Services, sorted. */
  private static List<Long> changes(RealApiServer server, String ns, String platform, int changes, RedisServer redis) {
    var latencies = new ArrayList<Long>();
    for (int i = 0; i < changes; i++) {
      String name = platform + "-extra-" + i;
      long start = System.nanoTime();
      createService(server, ns, platform, name);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
          .until(() -> redis.users().contains(RedisUser.nameFor("Service", name)));
      latencies.add((System.nanoTime() - start) / 1_000_000);
    }
    Collections.sort(latencies);
    return latencies;
  }

  /** Microseconds of {@code count} sessions (connect, list the users, close), sorted. */
  private static List<Long> sessions(RedisConnections connections, TargetCluster cluster, RedisAdmin.RedisNode node, int count) {
    var latencies = new ArrayList<Long>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      try (var session = connections.connect(cluster, node, "any", null)) {
        session.users();
      }
      latencies.add((System.nanoTime() - start) / 1_000);
    }
    Collections.sort(latencies);
    return latencies;
  }

  private static long p50(List<Long> sorted) {
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static long max(List<Long> sorted) {
    return sorted.get(sorted.size() - 1);
  }
}
