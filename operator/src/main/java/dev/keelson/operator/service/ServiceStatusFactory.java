package dev.keelson.operator.service;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Builds a Service's status from one reconcile's outcome; equal inputs give an equal status. */
final class ServiceStatusFactory {
  private ServiceStatusFactory() {}

  /**
   * The status of a Service whose clusters were reconciled.
   *
   * @param dataServices how the data services the Service declares stand, when not all ready
   * @param bindingSecretName the binding Secret's name, or null when the Service has none
   */
  static ServiceStatus reconciled(ServiceStatus previous, long generation, Instant now, List<ClusterOutcome> outcomes, String url,
      Optional<Verdict> dataServices, String bindingSecretName) {
    Verdict overall = Verdict.worse(ClusterOutcome.aggregate(outcomes, "ready on all " + outcomes.size() + " clusters"), dataServices);
    var clusterPrevious = previous == null ? null : previous.clusters();
    var clusters = outcomes.stream().map(o -> o.toStatus(clusterPrevious, generation, now)).toList();
    return new ServiceStatus(
        generation,
        conditions(previous, overall, generation, now),
        clusters,
        ClusterSummary.of(clusters),
        outcomes.stream().mapToInt(o -> Objects.requireNonNullElse(o.replicas(), 0)).sum(),
        outcomes.stream().mapToInt(o -> Objects.requireNonNullElse(o.readyReplicas(), 0)).sum(),
        url,
        bindingSecretName);
  }

  /**
   * The status of a Service not reconciled: paused ({@link #paused}), or stopped short of its
   * clusters (no Platform, a Secret it may not read, a reconcile that threw).
   */
  static ServiceStatus notReconciled(KeelsonService service, Instant now, Verdict verdict) {
    long generation = service.getMetadata().getGeneration();
    if (verdict.reason() == Reason.PAUSED) return paused(service.getStatus(), generation, now, verdict.message());
    return notReconciled(service.getStatus(), generation, now, verdict);
  }

  /** The status of a Service that could not be reconciled at all (no Platform, invalid). */
  static ServiceStatus notReconciled(ServiceStatus previous, long generation, Instant now, Verdict verdict) {
    return new ServiceStatus(generation, conditions(previous, verdict, generation, now), List.of(), ClusterSummary.of(List.of()),
        null, null, null, null);
  }

  /** The status of a Service whose placement chooses none of its Platform's clusters. */
  static ServiceStatus notPlaced(ServiceStatus previous, long generation, Instant now, String message) {
    var verdict = new Verdict(true, dev.keelson.operator.status.Conditions.FALSE, false, Reason.NOT_PLACED, message);
    return new ServiceStatus(generation, conditions(previous, verdict, generation, now), List.of(), ClusterSummary.of(List.of()),
        0, 0, null, null);
  }

  /**
   * The status of a paused Service: the conditions say so; what was last observed of its clusters
   * stays, since Keelson is not looking.
   */
  static ServiceStatus paused(ServiceStatus previous, long generation, Instant now, String message) {
    var conditions = conditions(previous, Verdict.paused(message), generation, now);
    if (previous == null) {
      return new ServiceStatus(generation, conditions, List.of(), ClusterSummary.of(List.of()), null, null, null, null);
    }
    return new ServiceStatus(generation, conditions, previous.clusters(), previous.clusterSummary(),
        previous.replicas(), previous.readyReplicas(), previous.url(), previous.bindingSecretName());
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> conditions(ServiceStatus previous, Verdict verdict, long generation, Instant now) {
    return verdict.conditions(previous == null ? null : previous.conditions(), generation, now);
  }
}
