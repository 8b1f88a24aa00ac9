package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * A Platform's status from what one reconcile found: the verdict on each cluster, the statuses of
 * its data services and Kafkas, the uses it refused. A pure function of its arguments, so that the
 * same findings always give the same status and a converged Platform is never rewritten.
 */
final class PlatformStatusFactory {
  private PlatformStatusFactory() {}

  /**
   * What a reconcile that worked on the clusters found.
   *
   * @param dataServices the first data service's verdict on the Platform as a whole (a Kafka whose
   *     topics are not as declared), null when none has one
   * @param slices the data services' summaries over the clusters
   */
  record Findings(List<ClusterOutcome> outcomes, Verdict dataServices, StatusSlices slices, List<RefusedUse> refusedUses) {}

  /**
   * The status after a reconcile that worked on the clusters: ready when every cluster is and no
   * data service has a verdict of its own; else the worst cluster's verdict, or the data service's.
   */
  static PlatformStatus reconciled(PlatformStatus previous, long generation, Instant now, Findings found) {
    var outcomes = found.outcomes();
    Verdict overall = ClusterOutcome.aggregate(outcomes, "all " + outcomes.size() + " clusters ready");
    if (overall.ready() && found.dataServices() != null) overall = found.dataServices();
    var before = previous == null ? null : previous.clusters();
    List<ClusterStatus> clusters = outcomes.stream().map(o -> o.toStatus(before, generation, now)).toList();
    return status(generation, overall.conditions(previous == null ? null : previous.conditions(), generation, now), clusters,
        found.slices(), found.refusedUses());
  }

  /** An invalid spec: nothing worked on, no clusters listed (which ones it means is not known). */
  static PlatformStatus invalidSpec(PlatformStatus previous, long generation, Instant now, String problem) {
    return notReconciled(previous, generation, now, Verdict.blocked(Reason.INVALID_SPEC, problem), List.of());
  }

  /** A reconcile that threw: its words, and the clusters as last seen. */
  static PlatformStatus failed(PlatformStatus previous, long generation, Instant now, Exception e) {
    return notReconciled(previous, generation, now, ApplyFailure.reconcileFailed(e),
        previous == null || previous.clusters() == null ? List.of() : previous.clusters());
  }

  /** Nothing worked on: the verdict says why; what the data services and Kafkas reported last stands (their data is still there). */
  private static PlatformStatus notReconciled(PlatformStatus previous, long generation, Instant now, Verdict verdict,
      List<ClusterStatus> clusters) {
    return status(generation, verdict.conditions(previous == null ? null : previous.conditions(), generation, now), clusters,
        StatusSlices.of(previous), previous == null ? null : previous.refusedUses());
  }

  private static PlatformStatus status(long generation, List<Condition> conditions, List<ClusterStatus> clusters, StatusSlices slices,
      List<RefusedUse> refusedUses) {
    return new PlatformStatus(generation, conditions, clusters, ClusterSummary.of(clusters), slices.kafka(), slices.clusterKafkas(),
        slices.redis(), slices.mongodb(), refusedUses);
  }
}
