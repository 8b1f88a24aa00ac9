package dev.keelson.operator.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.workerpool.LagScaling.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LagScalingTest {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final LagScaling POLICY = new LagScaling(1, 12, 100, Duration.ofSeconds(300));

  /** A lag reading of {@code partitions} partitions sharing {@code total} records. */
  static GroupLag lag(int partitions, long total) {
    var byPartition = new TreeMap<Integer, Long>();
    for (int p = 0; p < partitions; p++) byPartition.put(p, total / partitions + (p < total % partitions ? 1 : 0));
    return new GroupLag("workers", "shop.orders", byPartition, 0);
  }

  @Test
  void demandIsLagOverLagPerReplicaRoundedUp() {
    assertThat(POLICY.demand(lag(12, 0))).isEqualTo(1);
    assertThat(POLICY.demand(lag(12, 1))).isEqualTo(1);
    assertThat(POLICY.demand(lag(12, 101))).isEqualTo(2);
    assertThat(POLICY.demand(lag(12, 700))).isEqualTo(7);
  }

  @Test
  void scalesUpAtOnceToTheDemand() {
    var decision = POLICY.decide(2, lag(12, 550), List.of(), NOW);
    assertThat(decision.replicas()).isEqualTo(6);
    assertThat(decision.reason()).isEqualTo(Reason.SCALED_UP);
    assertThat(decision.message()).isEqualTo("scaled up from 2 to 6: lag 550 over 12 partition(s) at 100 per worker asks for 6 worker(s)");
  }

  @Test
  void scaleUpIsBoundedByDoublingOrFourMorePerPoll() {
    assertThat(POLICY.decide(1, lag(12, 1200), List.of(), NOW).replicas()).isEqualTo(5);
    assertThat(POLICY.decide(5, lag(12, 1200), List.of(), NOW).replicas()).isEqualTo(10);
    var decision = POLICY.decide(1, lag(12, 1200), List.of(), NOW);
    assertThat(decision.message()).endsWith("at most 5 at once (double or +4 per poll)");
  }

  @Test
  void cappedAtThePartitionCountWithTheReason() {
    var decision = POLICY.decide(1, lag(3, 5000), List.of(), NOW);
    assertThat(decision.replicas()).isEqualTo(3);
    assertThat(decision.reason()).isEqualTo(Reason.SCALING_LIMITED);
    assertThat(decision.message()).contains("asks for 50 worker(s)")
        .contains("capped at 3, the partition count of topic shop.orders: more workers than partitions would idle");
    var atCap = POLICY.decide(3, lag(3, 5000), List.of(), NOW);
    assertThat(atCap.replicas()).isEqualTo(3);
    assertThat(atCap.reason()).isEqualTo(Reason.SCALING_LIMITED);
    assertThat(atCap.message()).startsWith("running 3 worker(s)");
  }

  @Test
  void cappedAtMaxReplicasBelowThePartitionCount() {
    var decision = POLICY.decide(12, lag(24, 5000), List.of(), NOW);
    assertThat(decision.replicas()).isEqualTo(12);
    assertThat(decision.reason()).isEqualTo(Reason.SCALING_LIMITED);
    assertThat(decision.message()).endsWith("capped at maxReplicas 12");
  }

  @Test
  void minReplicasAbovePartitionsWins() {
    var policy = new LagScaling(4, 12, 100, Duration.ofSeconds(300));
    var decision = policy.decide(4, lag(2, 5000), List.of(), NOW);
    assertThat(decision.replicas()).isEqualTo(4);
    assertThat(decision.message()).contains("capped at minReplicas 4; topic shop.orders has only 2 partition(s), so 2 worker(s) idle");
  }

  @Test
  void scaleDownWaitsForTheStabilizationWindow() {
    var window = List.of(new Recommendation(NOW.minusSeconds(200), 6), new Recommendation(NOW.minusSeconds(100), 2));
    var decision = POLICY.decide(6, lag(12, 100), window, NOW);
    assertThat(decision.replicas()).isEqualTo(6);
    assertThat(decision.desired()).isEqualTo(1);
    assertThat(decision.reason()).isEqualTo(Reason.STABILIZING);
    assertThat(decision.message()).contains("a poll in the last 300s (scaleDownStabilization) asked for 6");
  }

  @Test
  void scalesDownToTheHighestDemandInTheWindow() {
    var window = List.of(new Recommendation(NOW.minusSeconds(400), 6), new Recommendation(NOW.minusSeconds(100), 3));
    var decision = POLICY.decide(6, lag(12, 100), window, NOW);
    assertThat(decision.replicas()).isEqualTo(3);
    assertThat(decision.reason()).isEqualTo(Reason.SCALED_DOWN);
  }

  @Test
  void scalesToZeroAfterTheWindowAndBackOnTheFirstLag() {
    var policy = new LagScaling(0, 12, 100, Duration.ofSeconds(300));
    var idle = List.of(new Recommendation(NOW.minusSeconds(301), 2), new Recommendation(NOW.minusSeconds(60), 0));
    var toZero = policy.decide(2, lag(6, 0), idle, NOW);
    assertThat(toZero.replicas()).isZero();
    assertThat(toZero.reason()).isEqualTo(Reason.SCALED_DOWN);
    var back = policy.decide(0, lag(6, 1), List.of(new Recommendation(NOW.minusSeconds(5), 0)), NOW);
    assertThat(back.replicas()).isEqualTo(1);
    assertThat(back.reason()).isEqualTo(Reason.SCALED_UP);
  }

  @Test
  void aLoweredMaximumAppliesAtOnceDespiteTheWindow() {
    var policy = new LagScaling(1, 4, 100, Duration.ofSeconds(300));
    var decision = policy.decide(12, lag(12, 0), List.of(new Recommendation(NOW.minusSeconds(10), 12)), NOW);
    assertThat(decision.replicas()).isEqualTo(4);
    assertThat(decision.reason()).isEqualTo(Reason.SCALED_DOWN);
  }

  @Test
  void theScaleUpRateNeverHoldsThePoolBelowMinReplicas() {
    var policy = new LagScaling(10, 20, 100, Duration.ofSeconds(300));
    var decision = policy.decide(0, lag(24, 0), List.of(), NOW);
    assertThat(decision.replicas()).isEqualTo(10);
  }

  @Test
  void recordsWaitingInRetryTopicsCountAsDemand() {
    var policy = new LagScaling(0, 12, 100, Duration.ofSeconds(300));
    var decision = policy.decide(0, new GroupLag("workers", "shop.orders", new TreeMap<>(java.util.Map.of(0, 0L)), 5), List.of(), NOW);
    assertThat(decision.replicas()).isEqualTo(1);
    assertThat(decision.message()).isEqualTo(
        "scaled up from 0 to 1: lag 5 (5 of it in retry topics) over 1 partition(s) at 100 per worker asks for 1 worker(s)");
  }

  @Test
  void steadyWhenDemandMatches() {
    var decision = POLICY.decide(3, lag(12, 300), List.of(new Recommendation(NOW.minusSeconds(5), 3)), NOW);
    assertThat(decision.replicas()).isEqualTo(3);
    assertThat(decision.reason()).isEqualTo(Reason.STEADY);
  }
}
