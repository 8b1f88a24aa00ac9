package dev.keelson.operator.workerpool;

import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.testing.BenchmarkReport;
import dev.keelson.operator.testing.KafkaBroker;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.WriteCounter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The WorkerPool scaling benchmark (not part of the test suite; run by {@code hack/bench-workerpools.sh}),
 * on a real API server and a real Kafka broker.
 * <ol>
 *   <li>Reaction: a pool at the default poll interval (5 s) is idle; a burst of records lands at
 *       t0; the time until the API server holds the new worker count is measured, N times. As
 *       baseline, in the same run: a plain client reading the same lag and writing the same scale
 *       (the floor any autoscaler pays after it decides to look).
 *   <li>Cost: one pool at a time on topics of 1 to 256 partitions, polling every second; Kafka
 *       requests per poll (must not grow with partitions) and Kubernetes writes per poll while the
 *       lag does not change (must be 0).
 * </ol>
 * Nothing here asserts a duration.
 */
class WorkerPoolScalingBenchmark {
  static final int[] PARTITIONS = {1, 16, 64, 256};
  static final int COST_POLLS = 10;

  @Test
  void run() throws Exception {
    int spikes = Integer.getInteger("keelson.bench.spikes", 10);
    var server = RealApiServer.dedicated();
    try (var kafka = KafkaBroker.start()) {
      String ns = server.createNamespace("bench");
      var client = server.client();
      var writes = server.writeCounter();
      var operator = RunningOperator.start(server, ns);
      try {
        server.create(ns, """
            apiVersion: platform.keelson.dev/v1alpha1
            kind: Platform
            metadata: {name: shop}
            spec:
              profile: dev
              security: {networkPolicy: None}
              kafka: {bootstrapServers: "%s", topicPrefix: "", topicDefaults: {partitions: 12, replicationFactor: 1}}
            """.formatted(kafka.bootstrapServers()), Platform.class);
        var reaction = reaction(server, client, ns, kafka, spikes);
        double baselineMs = baseline(client, ns, kafka, spikes);
        // The cost phase counts only the pool it measures.
        client.resources(WorkerPool.class).inNamespace(ns).withName("reactor").delete();
        var cost = new StringBuilder();
        for (int partitions : PARTITIONS) cost.append(cost(server, client, ns, kafka, operator, writes, partitions));

        reaction.sort(null);
        String report = "| spikes | poll interval (s) | baseline: plain lag read + scale write (ms) | Keelson: spike to scale write, median / p95 / max (s) "
            + "| max / poll interval |\n|---|---|---|---|---|\n"
            + String.format("| %d | 5 | %.0f | %.2f / %.2f / %.2f | %.2f |%n%n", spikes, baselineMs, percentile(reaction, 50),
                percentile(reaction, 95), reaction.get(reaction.size() - 1), reaction.get(reaction.size() - 1) / 5.0)
            + "| partitions | Kafka requests per poll | Kubernetes writes per poll, lag unchanged |\n|---|---|---|\n" + cost;
        BenchmarkReport.publish("workerpools", report);
      } finally {
        operator.close();
      }
    } finally {
      server.stop();
    }
  }

  /** Seconds from each burst to the scale write, the pool polling at the default 5 s. */
  private static List<Double> reaction(RealApiServer server, KubernetesClient client, String ns, KafkaBroker kafka, int spikes) {
    createPool(server, ns, "reactor", "spikes", "{lagPerReplica: 100, scaleDownStabilization: 1s}");
    awaitReplicas(client, ns, "reactor", 1, Duration.ofSeconds(60));
    var seconds = new ArrayList<Double>();
    for (int i = 0; i < spikes; i++) {
      // Land at a random point of the poll cycle.
      await().pollDelay(Duration.ofMillis(500 + (long) (Math.random() * 5000))).until(() -> true);
      long start = System.nanoTime();
      kafka.produce("spikes", 400);
      awaitReplicas(client, ns, "reactor", 4, Duration.ofSeconds(30));
      seconds.add((System.nanoTime() - start) / 1e9);
      kafka.commitEnd("reactor", "spikes");
      awaitReplicas(client, ns, "reactor", 1, Duration.ofSeconds(30));
    }
    return seconds;
  }

  /** Milliseconds a plain client takes to read one group's lag and write one Deployment's scale. */
  private static double baseline(KubernetesClient client, String ns, KafkaBroker kafka, int rounds) throws Exception {
    var admin = kafka.admin();
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      var committed = admin.listConsumerGroupOffsets("reactor").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      var request = new HashMap<TopicPartition, OffsetSpec>();
      committed.keySet().forEach(p -> request.put(p, OffsetSpec.latest()));
      admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
      client.apps().deployments().inNamespace(ns).withName("reactor").scale(1);
    }
    return (System.nanoTime() - start) / 1e6 / rounds;
  }

  /** One table row: Kafka requests and Kubernetes writes per poll of one pool on a topic of that many partitions. */
  private static String cost(RealApiServer server, KubernetesClient client, String ns, KafkaBroker kafka, RunningOperator operator, WriteCounter writes,
      int partitions) throws Exception {
    String topic = "cost-" + partitions;
    kafka.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    String pool = "cost-" + partitions;
    createPool(server, ns, pool, topic, "{lagPerReplica: 1000000, pollInterval: 1s}");
    kafka.produce(topic, partitions * 3);
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var status = client.resources(WorkerPool.class).inNamespace(ns).withName(pool).get().getStatus();
      return status != null && status.lag() != null && status.lag() >= partitions * 3L;
    });
    // The first polls settle the status; then the lag stays put.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
    long calls = operator.kafkaCalls();
    long polls = operator.lagPolls();
    var before = writes.snapshot();
    await().atMost(Duration.ofSeconds(60)).until(() -> operator.lagPolls() >= polls + COST_POLLS);
    double perPoll = (double) (operator.kafkaCalls() - calls) / (operator.lagPolls() - polls);
    long written = WriteCounter.delta(before, writes.snapshot()).values().stream().mapToLong(Long::longValue).sum();
    double writesPerPoll = (double) written / (operator.lagPolls() - polls);
    client.resources(WorkerPool.class).inNamespace(ns).withName(pool).delete();
    return String.format("| %d | %.2f | %.2f |%n", partitions, perPoll, writesPerPoll);
  }

  private static void createPool(RealApiServer server, String ns, String name, String topic, String scaling) {
    server.create(ns, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: %s}
        spec:
          image: quay.io/keelson/notification-service:0.1.0
          queue: {topic: %s, retry: {attempts: 0}}
          scaling: %s
        """.formatted(name, topic, scaling), WorkerPool.class);
  }

  private static void awaitReplicas(KubernetesClient client, String ns, String name, int replicas, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> {
      var deployment = client.apps().deployments().inNamespace(ns).withName(name).get();
      return deployment != null && Integer.valueOf(replicas).equals(deployment.getSpec().getReplicas());
    });
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
