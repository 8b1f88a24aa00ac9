package dev.keelson.operator.service;

import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Builds a Service's status from one reconcile's outcome; equal inputs give an equal status. */
final class ServiceStatusFactory {
  private ServiceStatusFactory() {}

  /** The status of a Service whose clusters were reconciled. */
  static ServiceStatus reconciled(ServiceStatus previous, long generation, Instant now, List<ClusterOutcome> outcomes) {
    Verdict overall = ClusterOutcome.aggregate(outcomes, "ready on all " + outcomes.size() + " clusters");
    return build(previous, generation, now, overall, outcomes);
  }

  /** The status of a Service that could not be reconciled at all (no Platform, paused, invalid). */
  static ServiceStatus notReconciled(ServiceStatus previous, long generation, Instant now, Verdict verdict) {
    return build(previous, generation, now, verdict, List.of());
  }

  private static ServiceStatus build(ServiceStatus previous, long generation, Instant now, Verdict overall, List<ClusterOutcome> outcomes) {
    var clusterPrevious = previous == null ? null : previous.clusters();
    var clusters = outcomes.stream().map(o -> o.toStatus(clusterPrevious, generation, now)).toList();
    return new ServiceStatus(
        generation,
        overall.conditions(previous == null ? null : previous.conditions(), generation, now),
        clusters,
        ClusterSummary.of(clusters),
        outcomes.isEmpty() ? null : outcomes.stream().mapToInt(o -> Objects.requireNonNullElse(o.replicas(), 0)).sum(),
        outcomes.isEmpty() ? null : outcomes.stream().mapToInt(o -> Objects.requireNonNullElse(o.readyReplicas(), 0)).sum(),
        null,
        null);
  }
}
