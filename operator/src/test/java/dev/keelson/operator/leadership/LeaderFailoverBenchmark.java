package dev.keelson.operator.leadership;

import static org.awaitility.Awaitility.await;

import dev.keelson.operator.service.ServiceBenchmarks;
import dev.keelson.operator.testing.BenchmarkReport;
import dev.keelson.operator.testing.OperatorProcess;
import dev.keelson.operator.testing.RealApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The leader failover benchmark (not part of the test suite; run by {@code hack/bench-failover.sh}):
 * two packaged operator processes on a real API server; the leader is killed (-9) and a Service is
 * created at once; measured are the time until the standby holds the Lease and until it has written
 * the new Service's Deployment (its first write), {@code keelson.bench.failovers} times (default 5)
 * with a fresh standby each round. The Lease's duration (15 s) bounds the first; the ratio of the two
 * says how much the new leader adds to the election. Nothing here asserts a duration.
 */
class LeaderFailoverBenchmark {
  @Test
  void run() throws Exception {
    int rounds = Integer.getInteger("keelson.bench.failovers", 5);
    var server = RealApiServer.dedicated();
    var report = new StringBuilder("| round | kill to Lease taken (s) | kill to first write (s) | ratio |\n|---|---|---|---|\n");
    var leases = new ArrayList<Double>();
    var writes = new ArrayList<Double>();
    try {
      KubernetesClient client = server.client();
      String ns = server.createNamespace("failover");
      client.resource(ServiceBenchmarks.platform(ns, "shop")).create();
      var leader = OperatorProcess.start(server, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", "p0"));
      await().atMost(Duration.ofSeconds(60)).until(() -> "p0".equals(OperatorProcess.leaseHolder(client)));
      try {
        for (int round = 1; round <= rounds; round++) {
          String identity = "p" + round;
          var standby = OperatorProcess.start(server, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", identity));
          leader.kill();
          leader = standby;
          long killed = System.nanoTime();
          String service = "after-kill-" + round;
          client.resource(ServiceBenchmarks.service(ns, service)).create();
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> identity.equals(OperatorProcess.leaseHolder(client)));
          double lease = (System.nanoTime() - killed) / 1e9;
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
              .until(() -> client.apps().deployments().inNamespace(ns).withName(service).get() != null);
          double write = (System.nanoTime() - killed) / 1e9;
          leases.add(lease);
          writes.add(write);
          report.append(String.format("| %d | %.1f | %.1f | %.2f |%n", round, lease, write, write / lease));
        }
      } finally {
        leader.close();
      }
    } finally {
      server.stop();
    }
    report.append(String.format("| median | %.1f | %.1f | %.2f |%n", median(leases), median(writes), median(writes) / median(leases)));
    BenchmarkReport.publish("failover", report.toString());
  }

  private static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

}
