package dev.keelson.operator.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus.PartitionLag;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import dev.keelson.operator.workerpool.LagScaling.Decision;
import dev.keelson.operator.workerpool.WorkerPoolAutoscaler.Scaling;
import dev.keelson.operator.workerpool.WorkerPoolStatusFactory.ScalingOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkerPoolStatusFactoryTest {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final List<ClusterOutcome> READY = List.of(new ClusterOutcome("local", Verdict.ready(Reason.AVAILABLE, "4/4 pods available"), 4, 4));

  static GroupLag lag(long... byPartition) {
    var map = new TreeMap<Integer, Long>();
    for (int p = 0; p < byPartition.length; p++) map.put(p, byPartition[p]);
    return new GroupLag("workers", "shop.orders", map, 0);
  }

  @Test
  void aScaleUpIsReportedWithTheLagItAnswered() {
    var decision = new Decision(4, 4, Reason.SCALED_UP, "scaled up from 1 to 4: …");
    var scaling = new Scaling(decision, decision, lag(100, 0, 250), null, null, Duration.ofSeconds(5));
    var status = WorkerPoolStatusFactory.reconciled(null, 3, NOW, "workers", READY, Optional.empty(), new ScalingOutcome(true, groups(scaling), 1, true));

    assertThat(status.replicas()).isEqualTo(4);
    assertThat(status.desiredReplicas()).isEqualTo(4);
    assertThat(status.lag()).isEqualTo(350);
    assertThat(status.partitions()).isEqualTo(3);
    assertThat(status.partitionLag()).as("lagging partitions only, most first")
        .containsExactly(new PartitionLag(2, 250L), new PartitionLag(0, 100L));
    assertThat(status.decision().reason()).isEqualTo(Reason.SCALED_UP.toString());
    assertThat(status.lastScaleTime()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(status.selector()).isEqualTo("app.kubernetes.io/instance=workers,app.kubernetes.io/name=workers");
    assertThat(Conditions.find(status.conditions(), Conditions.READY).orElseThrow().getStatus()).isEqualTo(Conditions.TRUE);
  }

  @Test
  void theLastScaleTimeStaysWhenNothingIsScaledAndAnUnchangedReadingGivesTheSameStatus() {
    var decision = new Decision(4, 4, Reason.STEADY, "running 4 worker(s): …");
    var scaling = new Scaling(decision, decision, lag(100, 0, 250), null, null, Duration.ofSeconds(5));
    var first = WorkerPoolStatusFactory.reconciled(null, 3, NOW, "workers", READY, Optional.empty(), new ScalingOutcome(true, groups(scaling), 1, true));
    var later = NOW.plusSeconds(30);
    var second = WorkerPoolStatusFactory.reconciled(first, 3, later, "workers", READY, Optional.empty(), new ScalingOutcome(true, groups(scaling), 1, false));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void withTwoKafkasTheTotalsAddUpAndEachKafkaHasItsEntry() {
    var steady = new Decision(2, 2, Reason.STEADY, "running 2 worker(s): lag 0 …");
    var up = new Decision(3, 3, Reason.SCALED_UP, "scaled up from 1 to 3: lag 300 …");
    var shared = new ConsumerGroups.Group(new dev.keelson.operator.api.v1alpha1.KafkaSpec("b-1:9092", null, null, null),
        List.of("aws", "hetzner"), new Scaling(null, steady, lag(0, 0), null, null, Duration.ofSeconds(5)), null);
    var own = new ConsumerGroups.Group(new dev.keelson.operator.api.v1alpha1.KafkaSpec("ovh:9092", null, null, null),
        List.of("ovh"), new Scaling(up, up, lag(100, 200, 0), null, null, Duration.ofSeconds(5)), null);
    var status = WorkerPoolStatusFactory.reconciled(null, 3, NOW, "workers", READY, Optional.empty(),
        new ScalingOutcome(true, List.of(shared, own), 1, true));

    assertThat(status.lag()).isEqualTo(300);
    assertThat(status.partitions()).as("a worker per partition on each Kafka").isEqualTo(5);
    assertThat(status.desiredReplicas()).isEqualTo(5);
    assertThat(status.partitionLag()).as("partition 0 of one Kafka is not partition 0 of the other").isNull();
    assertThat(status.decision().reason()).isEqualTo(Reason.SCALED_UP.toString());
    assertThat(status.decision().message())
        .isEqualTo("Kafka b-1:9092: running 2 worker(s): lag 0 …; Kafka ovh:9092: scaled up from 1 to 3: lag 300 …");
    assertThat(status.kafkas()).containsExactly(
        new WorkerPoolStatus.ConsumerGroup("b-1:9092", List.of("aws", "hetzner"), 0L, 2, 2,
            new WorkerPoolStatus.ScalingDecision(Reason.STEADY.toString(), "Kafka b-1:9092: running 2 worker(s): lag 0 …")),
        new WorkerPoolStatus.ConsumerGroup("ovh:9092", List.of("ovh"), 300L, 3, 3,
            new WorkerPoolStatus.ScalingDecision(Reason.SCALED_UP.toString(), "Kafka ovh:9092: scaled up from 1 to 3: lag 300 …")));

    var down = new ConsumerGroups.Group(own.kafka(), own.clusters(),
        new Scaling(null, up, lag(100, 200, 0), Reason.BROKER_UNAVAILABLE, "holding 3 worker(s): Kafka at ovh:9092 did not answer",
            Duration.ofSeconds(5)), null);
    var held = WorkerPoolStatusFactory.reconciled(status, 3, NOW, "workers", READY, Optional.empty(),
        new ScalingOutcome(true, List.of(shared, down), 1, false));
    assertThat(held.decision().reason()).isEqualTo(Reason.BROKER_UNAVAILABLE.toString());
    var ready = Conditions.find(held.conditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(Reason.BROKER_UNAVAILABLE.toString());
    assertThat(ready.getMessage()).isEqualTo("Kafka ovh:9092: holding 3 worker(s): Kafka at ovh:9092 did not answer");
  }

  @Test
  void inLagModeWithNoClusterToPollTheLastReadingAndDecisionStand() {
    var decision = new Decision(4, 4, Reason.SCALED_UP, "scaled up from 1 to 4: …");
    var scaling = new Scaling(decision, decision, lag(100, 0, 250), null, null, Duration.ofSeconds(5));
    var before = WorkerPoolStatusFactory.reconciled(null, 3, NOW, "workers", READY, Optional.empty(),
        new ScalingOutcome(true, groups(scaling), 1, true));
    var unreachable = List.of(new ClusterOutcome("local", Verdict.degraded(Reason.CLUSTER_UNREACHABLE, "cluster local does not answer"), null, null));
    var none = WorkerPoolStatusFactory.reconciled(before, 3, NOW.plusSeconds(10), "workers", unreachable, Optional.empty(),
        new ScalingOutcome(true, List.of(), 1, false));
    assertThat(none.decision()).as("not Manual: the pool is in Lag mode").isEqualTo(before.decision());
    assertThat(none.lag()).isEqualTo(350);
    assertThat(none.desiredReplicas()).isEqualTo(4);
  }

  @Test
  void partitionLagIsBounded() {
    long[] lags = new long[100];
    for (int p = 0; p < lags.length; p++) lags[p] = p + 1;
    var list = WorkerPoolStatusFactory.mostLagging(lag(lags));
    assertThat(list).hasSize(WorkerPoolStatus.MAX_PARTITION_LAGS);
    assertThat(list.get(0)).isEqualTo(new PartitionLag(99, 100L));
  }

  @Test
  void anUnreachableBrokerDegradesThePoolAndKeepsTheLastReading() {
    var last = new Decision(4, 4, Reason.SCALED_UP, "scaled up from 1 to 4: …");
    var scaling = new Scaling(null, last, lag(100, 0, 250), Reason.BROKER_UNAVAILABLE,
        "holding 4 worker(s): Kafka at b:9092 did not answer within 10s", Duration.ofSeconds(5));
    var status = WorkerPoolStatusFactory.reconciled(null, 3, NOW, "workers", READY, Optional.empty(), new ScalingOutcome(true, groups(scaling), 1, false));

    var ready = Conditions.find(status.conditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(ready.getReason()).isEqualTo(Reason.BROKER_UNAVAILABLE.toString());
    assertThat(Conditions.find(status.conditions(), Conditions.DEGRADED).orElseThrow().getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(status.decision().message()).startsWith("holding 4 worker(s)");
    assertThat(status.desiredReplicas()).isEqualTo(4);
    assertThat(status.lag()).isEqualTo(350);
    assertThat(status.replicas()).isEqualTo(4);
  }

  @Test
  void manualModeSaysWhoSetsTheCount() {
    var status = WorkerPoolStatusFactory.reconciled(null, 1, NOW, "workers", READY, Optional.empty(), new ScalingOutcome(false, groups(null), 4, false));
    assertThat(status.decision().reason()).isEqualTo(Reason.MANUAL.toString());
    assertThat(status.decision().message()).isEqualTo("spec.replicas (or the scale subresource) sets 4 worker(s)");
    assertThat(status.desiredReplicas()).isEqualTo(4);
    assertThat(status.lag()).isNull();
  }

  /** The pool's workers on the Platform's one Kafka, with the autoscaler's answer (none in Manual mode). */
  private static java.util.List<ConsumerGroups.Group> groups(WorkerPoolAutoscaler.Scaling scaling) {
    var kafka = new dev.keelson.operator.api.v1alpha1.KafkaSpec("b-1:9092", null, null, null);
    return scaling == null ? java.util.List.of() : java.util.List.of(new ConsumerGroups.Group(kafka, java.util.List.of("local"), scaling, null));
  }
}
