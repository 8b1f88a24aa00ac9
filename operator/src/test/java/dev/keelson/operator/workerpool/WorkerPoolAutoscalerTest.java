package dev.keelson.operator.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.ConsumerLag;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.kafka.KafkaUnavailableException;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.GoldenFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The autoscaler's memory between polls, with a lag source the test controls and a fixed clock. */
class WorkerPoolAutoscalerTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** Lag the test sets; every read is counted; a null lag means the brokers do not answer. */
  static final class FakeLag implements ConsumerLag {
    Long total = 0L;
    final List<String> reads = new ArrayList<>();

    @Override
    public GroupLag read(Platform platform, KafkaSpec kafka, String group, String topic, List<String> retryTopics) {
      reads.add(group + "@" + topic + "+" + retryTopics);
      if (total == null) throw new KafkaUnavailableException("Kafka at b:9092 did not answer within 10s", null);
      var byPartition = new TreeMap<Integer, Long>();
      for (int p = 0; p < 6; p++) byPartition.put(p, total / 6 + (p < total % 6 ? 1 : 0));
      return new GroupLag(group, topic, byPartition, 0);
    }

    @Override
    public int carryOver(Platform platform, KafkaSpec kafka, String from, String to, List<String> topics) {
      throw new AssertionError("the autoscaler only reads the lag; it carried " + from + " over to " + to);
    }
  }

  final FakeLag lag = new FakeLag();
  final WorkerPoolAutoscaler autoscaler = new WorkerPoolAutoscaler(lag);
  final Platform platform = platform();

  private WorkerPoolAutoscaler.Scaling poll(WorkerPool pool, int current, Instant at) {
    return autoscaler.poll(pool, platform, platform.getSpec().kafka(), WorkerPoolScaling.of(pool.getSpec()), current, at);
  }

  @Test
  void readsTheLagOncePerPollIntervalWhateverElseWakesThePool() {
    var pool = pool(1, "{pollInterval: 5s}");
    var first = poll(pool, 1, T0);
    assertThat(first.decision()).isNotNull();
    assertThat(lag.reads).containsExactly("shop.workers@shop.orders+[shop.orders.retry.10s, shop.orders.retry.1m, shop.orders.retry.10m]");

    var between = poll(pool, 1, T0.plusSeconds(2));
    assertThat(between.decision()).as("no new decision between polls").isNull();
    assertThat(between.last()).isEqualTo(first.decision());
    assertThat(between.nextPoll()).isEqualTo(Duration.ofSeconds(3));
    assertThat(lag.reads).hasSize(1);

    poll(pool, 1, T0.plusSeconds(5));
    assertThat(lag.reads).hasSize(2);
  }

  @Test
  void aSpecChangePollsAtOnce() {
    poll(pool(1, "{pollInterval: 60s}"), 1, T0);
    var changed = poll(pool(2, "{pollInterval: 60s, lagPerReplica: 10}"), 1, T0.plusSeconds(1));
    assertThat(changed.decision()).isNotNull();
    assertThat(lag.reads).hasSize(2);
  }

  @Test
  void afterARestartNoWorkerIsRemovedBeforeAFullWindow() {
    var pool = pool(1, "{pollInterval: 5s, scaleDownStabilization: 60s}");
    // A new process: it knows nothing of the demand that put 6 workers there.
    var first = poll(pool, 6, T0);
    assertThat(first.decision().replicas()).isEqualTo(6);
    assertThat(first.decision().reason()).isEqualTo(Reason.STABILIZING);
    assertThat(poll(pool, 6, T0.plusSeconds(55)).decision().replicas()).isEqualTo(6);
    var later = poll(pool, 6, T0.plusSeconds(61));
    assertThat(later.decision().replicas()).isEqualTo(1);
    assertThat(later.decision().reason()).isEqualTo(Reason.SCALED_DOWN);
  }

  @Test
  void aBurstIsFollowedAtTheNextPollAndTheWindowRemembersIt() {
    var pool = pool(1, "{pollInterval: 5s, scaleDownStabilization: 30s}");
    poll(pool, 1, T0);
    lag.total = 400L;
    var up = poll(pool, 1, T0.plusSeconds(5));
    assertThat(up.decision().replicas()).isEqualTo(4);
    lag.total = 0L;
    var dip = poll(pool, 4, T0.plusSeconds(10));
    assertThat(dip.decision().replicas()).as("the burst 5 s ago still counts").isEqualTo(4);
    assertThat(poll(pool, 4, T0.plusSeconds(40)).decision().replicas()).isEqualTo(1);
  }

  @Test
  void anUnreadableLagHoldsTheCountAndKeepsTheLastReading() {
    var pool = pool(1, "{pollInterval: 5s, scaleDownStabilization: 5s}");
    lag.total = 300L;
    poll(pool, 1, T0);
    lag.total = null;
    var held = poll(pool, 3, T0.plusSeconds(30));
    assertThat(held.failed()).isTrue();
    assertThat(held.decision()).as("nothing decided: the count is held").isNull();
    assertThat(held.failureReason()).isEqualTo(Reason.BROKER_UNAVAILABLE);
    assertThat(held.failureMessage()).isEqualTo("holding 3 worker(s): Kafka at b:9092 did not answer within 10s");
    assertThat(held.lag().total()).isEqualTo(300);
    assertThat(held.nextPoll()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theWindowKeepsOnlyWhatCanStillBeItsHighest() {
    var window = List.<LagScaling.Recommendation>of();
    for (int i = 0; i < 10_000; i++) {
      window = WorkerPoolAutoscaler.remember(window, new LagScaling.Recommendation(T0.plusSeconds(i), i % 7 == 0 ? 5 : 2));
    }
    assertThat(window).as("one entry per distinct count, newest last").hasSizeLessThanOrEqualTo(2);
    assertThat(window.get(window.size() - 1).at()).isEqualTo(T0.plusSeconds(9_999));
    assertThat(window.get(0).replicas()).isEqualTo(5);
  }

  @Test
  void theCountIsSplitOverTheClusters() {
    var spec = WorkerPoolScaling.of(pool(1, "{mode: Manual, minReplicas: 1}\n  replicas: 7").getSpec());
    var counts = new WorkerCounts(spec, null, List.of("aws", "hetzner", "ovh"));
    assertThat(List.of(counts.manual("aws"), counts.manual("hetzner"), counts.manual("ovh"))).containsExactly(3, 2, 2);
    assertThat(counts.target("aws")).as("no lag decision in Manual mode").isNull();
  }

  @Test
  void aClustersReplicaPercentWeighsItsShare() {
    var spec = WorkerPoolScaling.of(pool(1, "{mode: Manual, minReplicas: 1}\n  replicas: 7").getSpec());
    var weights = new java.util.LinkedHashMap<String, Integer>();
    weights.put("aws", 100);
    weights.put("hetzner", 50);
    weights.put("ovh", 0);
    var counts = new WorkerCounts(spec, null, weights);
    // 7 × 100/150 = 4.67, 7 × 50/150 = 2.33, 0: the one left over goes to the largest fraction.
    assertThat(List.of(counts.manual("aws"), counts.manual("hetzner"), counts.manual("ovh"))).containsExactly(5, 2, 0);
    assertThat(counts.floor("ovh")).as("a cluster weighted 0 runs no workers, so it needs no disruption budget").isZero();
  }

  @Test
  void eachKafkaIsScaledOnItsOwnLagWithinItsShareOfThePoolsBounds() {
    var platform = platformOnThreeClusters();
    var clusters = clusters(platform);
    var spec = WorkerPoolScaling.of(pool(1, "{minReplicas: 3, maxReplicas: 12, pollInterval: 5s}").getSpec());
    var bounds = new java.util.ArrayList<String>();
    var groups = ConsumerGroups.of(platform.getSpec(), clusters, spec, (kafka, names, bounded) -> {
      bounds.add(kafka.bootstrapServers() + " " + names + " " + bounded.minReplicas() + ".." + bounded.maxReplicas());
      int lagged = kafka.bootstrapServers().equals("ovh:9092") ? 3 : 2;
      var decision = new LagScaling.Decision(lagged, lagged, Reason.STEADY, "…");
      return new WorkerPoolAutoscaler.Scaling(decision, decision, null, null, null, Duration.ofSeconds(5));
    });
    // Two clusters' weight on the shared Kafka, one on ovh's: 3 at least splits 2/1, 12 at most 8/4.
    assertThat(bounds).containsExactly("b:9092 [aws, hetzner] 2..8", "ovh:9092 [ovh] 1..4");
    assertThat(List.of(groups.on("aws").target("aws"), groups.on("hetzner").target("hetzner"), groups.on("ovh").target("ovh")))
        .as("each Kafka's decision split over its own clusters").containsExactly(1, 1, 3);
    assertThat(groups.groupOf("ovh").orElseThrow().kafka().bootstrapServers()).isEqualTo("ovh:9092");

    var few = new java.util.ArrayList<String>();
    ConsumerGroups.of(platform.getSpec(), clusters, WorkerPoolScaling.of(pool(1, "{minReplicas: 1, maxReplicas: 1}").getSpec()),
        (kafka, names, bounded) -> {
          few.add(kafka.bootstrapServers() + " " + bounded.minReplicas() + ".." + bounded.maxReplicas());
          return new WorkerPoolAutoscaler.Scaling(null, null, null, null, null, Duration.ofSeconds(5));
        });
    assertThat(few).as("fewer workers at most than Kafkas: each Kafka may still run one, or its queue would never drain")
        .containsExactly("b:9092 1..1", "ovh:9092 0..1");

    var manual = ConsumerGroups.of(platform.getSpec(), clusters,
        WorkerPoolScaling.of(pool(1, "{mode: Manual}\n  replicas: 7").getSpec()), (k, n, b) -> {
          throw new AssertionError("no lag is read in Manual mode");
        });
    assertThat(List.of(manual.on("aws").manual("aws"), manual.on("hetzner").manual("hetzner"), manual.on("ovh").manual("ovh")))
        .as("spec.replicas is the pool's total over every cluster, whatever its Kafka").containsExactly(3, 2, 2);
  }

  /** A Platform on aws and hetzner, sharing Kafka b:9092, and ovh, with a Kafka of its own. */
  static Platform platformOnThreeClusters() {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: shop, uid: p-1}
        spec:
          kafka: {bootstrapServers: "b:9092"}
          clusters:
          - {name: aws, inCluster: true}
          - {name: hetzner, kubeconfigSecretRef: {name: h, key: kubeconfig}}
          - {name: ovh, kubeconfigSecretRef: {name: o, key: kubeconfig}, overrides: {kafka: {bootstrapServers: "ovh:9092"}}}
        """, Platform.class);
  }

  static List<TargetCluster> clusters(Platform platform) {
    return platform.getSpec().clusters().stream().map(c -> new TargetCluster(c.name(), c.labels(), c.overrides(), null, false)).toList();
  }

  private static Platform platform() {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: shop, uid: p-1}
        spec: {kafka: {bootstrapServers: "b:9092"}}
        """, Platform.class);
  }

  private static WorkerPool pool(long generation, String scaling) {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: workers, namespace: shop, uid: w-1, generation: %d}
        spec:
          image: quay.io/keelson/worker:0.1.0
          queue: {topic: orders}
          scaling: %s
        """.formatted(generation, scaling), WorkerPool.class);
  }
}
