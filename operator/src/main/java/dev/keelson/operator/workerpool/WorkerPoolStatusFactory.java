package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus.ConsumerGroup;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus.PartitionLag;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus.ScalingDecision;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
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
  private WorkerPoolStatusFactory() {}

  /**
   * How the pool's counts were chosen in this reconcile.
   *
   * @param lag whether the pool is in Lag mode
   * @param groups the pool's workers by Kafka, each with the autoscaler's answer in Lag mode (null in Manual mode)
   * @param manualReplicas the count spec.replicas sets in Manual mode
   * @param scaled whether a count was changed now
   */
  record ScalingOutcome(boolean lag, List<ConsumerGroups.Group> groups, int manualReplicas, boolean scaled) {
    /** The groups the autoscaler answered for: none in Manual mode. */
    List<ConsumerGroups.Group> polled() {
      return groups.stream().filter(g -> g.scaling() != null).toList();
    }
  }

  /** The status of a pool whose clusters were reconciled. */
  static WorkerPoolStatus reconciled(WorkerPoolStatus previous, long generation, Instant now, String name, List<ClusterOutcome> outcomes,
      Optional<Verdict> dataServices, ScalingOutcome outcome) {
    var polled = outcome.polled();
    boolean several = polled.size() > 1;
    Verdict overall = Verdict.worse(ClusterOutcome.aggregate(outcomes, "ready on all " + outcomes.size() + " clusters"), dataServices);
    for (var group : polled) {
      if (group.scaling().failed()) {
        overall = Verdict.worse(overall, Optional.of(Verdict.degraded(group.scaling().failureReason(), on(group, several)
            + group.scaling().failureMessage())));
      }
    }
    var clusterPrevious = previous == null ? null : previous.clusters();
    var clusters = outcomes.stream().map(o -> o.toStatus(clusterPrevious, generation, now)).toList();
    ScalingDecision decision;
    Integer desired;
    Long lag = null;
    Integer partitions = null;
    List<PartitionLag> partitionLag = null;
    List<ConsumerGroup> kafkas = null;
    if (!outcome.lag()) {
      decision = new ScalingDecision(Reason.MANUAL.toString(), "spec.replicas (or the scale subresource) sets " + outcome.manualReplicas() + " worker(s)");
      desired = outcome.manualReplicas();
    } else if (polled.isEmpty()) {
      // No cluster to poll for now (all of them unreachable, say): what the last polls found stands.
      decision = previous == null ? null : previous.decision();
      desired = previous == null ? null : previous.desiredReplicas();
      if (previous != null) {
        lag = previous.lag();
        partitions = previous.partitions();
        partitionLag = previous.partitionLag();
        kafkas = previous.kafkas();
      }
    } else {
      var groups = polled.stream().map(g -> consumerGroup(g, several)).toList();
      decision = combined(groups, polled);
      desired = groups.stream().allMatch(g -> g.desiredReplicas() != null)
          ? groups.stream().mapToInt(ConsumerGroup::desiredReplicas).sum() : null;
      var lags = polled.stream().map(g -> g.scaling().lag()).filter(Objects::nonNull).toList();
      if (!lags.isEmpty()) {
        lag = lags.stream().mapToLong(GroupLag::total).sum();
        partitions = lags.stream().mapToInt(GroupLag::partitions).sum();
      }
      // Partition numbers of different Kafkas are not the same partitions: the list is for one Kafka only.
      if (!several && polled.get(0).scaling().lag() != null) partitionLag = mostLagging(polled.get(0).scaling().lag());
      if (several) kafkas = groups;
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
        lag,
        partitions,
        partitionLag,
        decision,
        lastScaleTime,
        kafkas,
        selector(name));
  }

  /** One Kafka's workers as the status shows them; its decision names the Kafka when the pool has several. */
  private static ConsumerGroup consumerGroup(ConsumerGroups.Group group, boolean several) {
    var scaling = group.scaling();
    ScalingDecision decision;
    if (scaling.failed()) {
      decision = new ScalingDecision(scaling.failureReason().toString(), on(group, several) + scaling.failureMessage());
    } else {
      decision = scaling.last() == null ? null : new ScalingDecision(scaling.last().reason().toString(), on(group, several) + scaling.last().message());
    }
    GroupLag lag = scaling.lag();
    return new ConsumerGroup(group.kafka().bootstrapServers(), group.clusters(), lag == null ? null : lag.total(),
        lag == null ? null : lag.partitions(), scaling.last() == null ? null : scaling.last().replicas(), decision);
  }

  /**
   * The pool's decision over its Kafkas: a failure first (the count is held there), else the first
   * that changed a count, else the first; with several Kafkas the message gives each one's.
   */
  private static ScalingDecision combined(List<ConsumerGroup> groups, List<ConsumerGroups.Group> polled) {
    var decided = groups.stream().map(ConsumerGroup::decision).filter(Objects::nonNull).toList();
    if (decided.isEmpty()) return null;
    if (groups.size() == 1) return decided.get(0);
    var failed = polled.stream().filter(g -> g.scaling().failed()).findFirst();
    Reason reason = failed.map(g -> g.scaling().failureReason()).orElseGet(() -> {
      // Without a failure, every decision shown is a group's last one.
      var reasons = polled.stream().map(g -> g.scaling().last()).filter(Objects::nonNull).map(LagScaling.Decision::reason).toList();
      return reasons.stream().filter(r -> r != Reason.STEADY).findFirst().orElse(reasons.get(0));
    });
    return new ScalingDecision(reason.toString(), decided.stream().map(ScalingDecision::message).collect(Collectors.joining("; ")));
  }

  private static String on(ConsumerGroups.Group group, boolean several) {
    return several ? "Kafka " + group.kafka().bootstrapServers() + ": " : "";
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

  /** {@link #notReconciled(WorkerPoolStatus, long, Instant, String, Verdict)} of the pool as it is. */
  static WorkerPoolStatus notReconciled(WorkerPool pool, Instant now, Verdict verdict) {
    return notReconciled(pool.getStatus(), pool.getMetadata().getGeneration(), now, pool.getMetadata().getName(), verdict);
  }

  /** The status of a pool that could not be reconciled at all (no Platform, no Kafka): what was observed before stays. */
  static WorkerPoolStatus notReconciled(WorkerPoolStatus previous, long generation, Instant now, String name, Verdict verdict) {
    var conditions = conditions(previous, verdict, generation, now);
    if (previous == null) {
      return new WorkerPoolStatus(generation, conditions, List.of(), ClusterSummary.of(List.of()), null, null, null, null, null, null,
          null, null, selector(name));
    }
    return new WorkerPoolStatus(generation, conditions, previous.clusters(), previous.clusterSummary(), previous.replicas(),
        previous.desiredReplicas(), previous.lag(), previous.partitions(), previous.partitionLag(), previous.decision(),
        previous.lastScaleTime(), previous.kafkas(), selector(name));
  }

  /** The status of a pool whose placement chooses none of its Platform's clusters. */
  static WorkerPoolStatus notPlaced(WorkerPoolStatus previous, long generation, Instant now, String name, String message) {
    var verdict = new Verdict(true, Conditions.FALSE, false, Reason.NOT_PLACED, message);
    return new WorkerPoolStatus(generation, conditions(previous, verdict, generation, now), List.of(), ClusterSummary.of(List.of()),
        0, null, null, null, null, null, previous == null ? null : previous.lastScaleTime(), null, selector(name));
  }

  /** The label selector of the pool's pods, as the scale subresource reports it. */
  static String selector(String name) {
    return KeelsonLabels.selector(name).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static List<Condition> conditions(WorkerPoolStatus previous, Verdict verdict, long generation, Instant now) {
    return verdict.conditions(previous == null ? null : previous.conditions(), generation, now);
  }
}
