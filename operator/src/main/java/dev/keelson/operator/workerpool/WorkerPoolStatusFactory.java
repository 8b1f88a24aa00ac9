package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus.PartitionLag;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus.ScalingDecision;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds a WorkerPool's status from one reconcile's outcome; equal inputs give an equal status. */
final class WorkerPoolStatusFactory {
  static final String NOT_PLACED = "NotPlaced";
  static final String MANUAL = "Manual";

  private WorkerPoolStatusFactory() {}

  /**
   * How the pool's count was chosen in this reconcile.
   *
   * @param scaling the autoscaler's answer in Lag mode, null in Manual mode
   * @param manualReplicas the count spec.replicas sets in Manual mode
   * @param scaled whether the count was changed now
   */
  record ScalingOutcome(WorkerPoolAutoscaler.Scaling scaling, int manualReplicas, boolean scaled) {}

  /** The status of a pool whose clusters were reconciled. */
  static WorkerPoolStatus reconciled(WorkerPoolStatus previous, long generation, Instant now, String name, List<ClusterOutcome> outcomes,
      Optional<Verdict> dataServices, ScalingOutcome outcome) {
    var scaling = outcome.scaling();
    Verdict overall = Verdict.worse(ClusterOutcome.aggregate(outcomes, "ready on all " + outcomes.size() + " clusters"), dataServices);
    if (scaling != null && scaling.failed()) {
      overall = Verdict.worse(overall, Optional.of(Verdict.degraded(scaling.failureReason(), scaling.failureMessage())));
    }
    var clusterPrevious = previous == null ? null : previous.clusters();
    var clusters = outcomes.stream().map(o -> o.toStatus(clusterPrevious, generation, now)).toList();
    GroupLag lag = scaling == null ? null : scaling.lag();
    ScalingDecision decision;
    Integer desired;
    if (scaling == null) {
      decision = new ScalingDecision(MANUAL, "spec.replicas (or the scale subresource) sets " + outcome.manualReplicas() + " worker(s)");
      desired = outcome.manualReplicas();
    } else if (scaling.failed()) {
      decision = new ScalingDecision(scaling.failureReason(), scaling.failureMessage());
      desired = scaling.last() == null ? null : scaling.last().replicas();
    } else {
      decision = scaling.last() == null ? null : new ScalingDecision(scaling.last().reason(), scaling.last().message());
      desired = scaling.last() == null ? null : scaling.last().replicas();
    }
    String lastScaleTime = outcome.scaled() ? now.truncatedTo(ChronoUnit.SECONDS).toString()
        : previous == null ? null : previous.lastScaleTime();
    return new WorkerPoolStatus(
        generation,
        conditions(previous, overall, generation, now),
        clusters,
        ClusterSummary.of(clusters),
        outcomes.stream().mapToInt(o -> Objects.requireNonNullElse(o.replicas(), 0)).sum(),
        desired,
        lag == null ? null : lag.total(),
        lag == null ? null : lag.partitions(),
        lag == null ? null : mostLagging(lag),
        decision,
        lastScaleTime,
        selector(name));
  }

  /** The partitions that lag, most first, at most {@link WorkerPoolStatus#MAX_PARTITION_LAGS}. */
  static List<PartitionLag> mostLagging(GroupLag lag) {
    return lag.byPartition().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(WorkerPoolStatus.MAX_PARTITION_LAGS)
        .map(e -> new PartitionLag(e.getKey(), e.getValue()))
        .toList();
  }

  /** The status of a pool that could not be reconciled at all (no Platform, no Kafka): what was observed before stays. */
  static WorkerPoolStatus notReconciled(WorkerPoolStatus previous, long generation, Instant now, String name, Verdict verdict) {
    var conditions = conditions(previous, verdict, generation, now);
    if (previous == null) {
      return new WorkerPoolStatus(generation, conditions, List.of(), ClusterSummary.of(List.of()), null, null, null, null, null, null,
          null, selector(name));
    }
    return new WorkerPoolStatus(generation, conditions, previous.clusters(), previous.clusterSummary(), previous.replicas(),
        previous.desiredReplicas(), previous.lag(), previous.partitions(), previous.partitionLag(), previous.decision(),
        previous.lastScaleTime(), selector(name));
  }

  /** The status of a pool whose placement chooses none of its Platform's clusters. */
  static WorkerPoolStatus notPlaced(WorkerPoolStatus previous, long generation, Instant now, String name, String message) {
    var verdict = new Verdict(true, Conditions.FALSE, false, NOT_PLACED, message);
    return new WorkerPoolStatus(generation, conditions(previous, verdict, generation, now), List.of(), ClusterSummary.of(List.of()),
        0, null, null, null, null, null, previous == null ? null : previous.lastScaleTime(), selector(name));
  }

  /** The label selector of the pool's pods, as the scale subresource reports it. */
  static String selector(String name) {
    return KeelsonLabels.selector(name).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static List<Condition> conditions(WorkerPoolStatus previous, Verdict verdict, long generation, Instant now) {
    return verdict.conditions(previous == null ? null : previous.conditions(), generation, now);
  }
}
