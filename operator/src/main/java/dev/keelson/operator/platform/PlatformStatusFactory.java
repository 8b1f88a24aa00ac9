package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

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
   * @param kafka the shared Kafka's status, null without spec.kafka
   * @param clusterKafkas the statuses of the Kafkas of clusters with their own
   * @param redis the Redis summary over the clusters, null without spec.redis
   * @param mongodb the MongoDB summary over the clusters, null without spec.mongodb
   */
  record Findings(List<ClusterOutcome> outcomes, KafkaStatus kafka, List<KafkaStatus> clusterKafkas, RedisStatus redis,
      MongoDbStatus mongodb, List<RefusedUse> refusedUses) {}

  /**
   * The status after a reconcile that worked on the clusters: ready when every cluster is and every
   * Kafka's topics are as declared; else the worst cluster's verdict, or the first Kafka that is not.
   */
  static PlatformStatus reconciled(PlatformStatus previous, long generation, Instant now, Findings found) {
    var outcomes = found.outcomes();
    Verdict overall = ClusterOutcome.aggregate(outcomes, "all " + outcomes.size() + " clusters ready");
    if (overall.ready()) {
      var notReady = Stream.concat(Stream.ofNullable(found.kafka()), found.clusterKafkas().stream())
          .filter(k -> !Boolean.TRUE.equals(k.ready())).findFirst();
      if (notReady.isPresent()) {
        overall = Verdict.degraded(Reason.named(notReady.get().reason()),
            "Kafka " + notReady.get().bootstrapServers() + ": " + notReady.get().message());
      }
    }
    var before = previous == null ? null : previous.clusters();
    List<ClusterStatus> clusters = outcomes.stream().map(o -> o.toStatus(before, generation, now)).toList();
    return new PlatformStatus(generation, overall.conditions(previous == null ? null : previous.conditions(), generation, now),
        clusters, ClusterSummary.of(clusters), found.kafka(), found.clusterKafkas().isEmpty() ? null : found.clusterKafkas(),
        found.redis(), found.mongodb(), found.refusedUses());
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
    return new PlatformStatus(generation, verdict.conditions(previous == null ? null : previous.conditions(), generation, now),
        clusters, ClusterSummary.of(clusters), previous == null ? null : previous.kafka(), previous == null ? null : previous.clusterKafkas(),
        previous == null ? null : previous.redis(), previous == null ? null : previous.mongodb(),
        previous == null ? null : previous.refusedUses());
  }
}
