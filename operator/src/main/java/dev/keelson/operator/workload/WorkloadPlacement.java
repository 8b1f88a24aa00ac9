package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.Placement;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.ClusterResolution;
import dev.keelson.operator.cluster.PlacementMatcher;
import dev.keelson.operator.cluster.RemoteClusters;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.PerCluster;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a workload runs among its Platform's clusters: the clusters its placement chooses, and
 * the outcome of each, whether reconciled, unreachable or unknown to the Platform.
 */
public final class WorkloadPlacement {
  private WorkloadPlacement() {}

  /** The usable clusters the placement chooses. */
  public static List<TargetCluster> placed(ClusterResolution resolution, Placement placement) {
    return resolution.clusters().stream().filter(c -> PlacementMatcher.places(placement, c.name(), c.labels())).toList();
  }

  /**
   * Reconciles the workload on every cluster its placement chooses and removes it from the usable
   * clusters it no longer chooses.
   *
   * @param connect null when the cluster's objects can be read and written, else why not
   *     ({@link dev.keelson.operator.reconcile.RemoteClusterSources#connect})
   * @param onCluster reconciles the workload on one chosen cluster
   * @param offCluster removes it from a cluster not chosen; the failure's verdict or null
   */
  public static Result reconcile(Platform platform, ClusterResolution resolution, Placement placement,
      Function<TargetCluster, Verdict> connect, Function<TargetCluster, ClusterOutcome> onCluster,
      Function<TargetCluster, Verdict> offCluster, List<ClusterStatus> previous, long generation) {
    var work = new ArrayList<Supplier<ClusterOutcome>>();
    boolean retry = false;
    for (TargetCluster cluster : resolution.clusters()) {
      var unconnected = connect.apply(cluster);
      if (PlacementMatcher.places(placement, cluster.name(), cluster.labels())) {
        var blocked = unconnected == null ? null : outcome(cluster.name(), unconnected, previous, generation);
        work.add(blocked != null ? () -> blocked : () -> guarded(cluster, onCluster));
      } else if (unconnected != null) {
        // Not removed yet: it is, once the cluster's objects can be read.
        retry |= ApplyFailure.retried(unconnected);
      } else {
        retry |= offCluster.apply(cluster) != null;
      }
    }
    // The chosen clusters side by side: one that is slow to answer holds up none of the others.
    // A cluster found only connecting while worked on (its caches replaced meanwhile) keeps its last ready entry too.
    var outcomes = new ArrayList<>(PerCluster.run(work).stream()
        .map(o -> Reason.CLUSTER_CONNECTING.equals(o.verdict().reason()) ? outcome(o.cluster(), o.verdict(), previous, generation) : o)
        .toList());
    for (var unusable : resolution.unusable()) {
      if (PlacementMatcher.places(placement, unusable.name(), unusable.labels())) {
        outcomes.add(outcome(unusable.name(), unusable.verdict(), previous, generation));
      }
    }
    String platformName = platform.getMetadata().getName();
    for (String unknown : PlacementMatcher.unknownNames(placement, resolution.names())) {
      outcomes.add(new ClusterOutcome(unknown, Verdict.blocked(Reason.UNKNOWN_CLUSTER,
          "spec.placement names cluster " + unknown + ", which Platform " + platformName + " does not list"), null, null));
    }
    retry |= outcomes.stream().anyMatch(o -> ApplyFailure.retried(o.verdict()));
    String none = outcomes.isEmpty()
        ? "spec.placement matches none of Platform " + platformName + "'s clusters (" + String.join(", ", resolution.names()) + ")"
        : null;
    return new Result(ClusterOutcome.inListedOrder(outcomes, platform), retry, none);
  }

  /** One cluster's work; its cache gone meanwhile is that cluster's outcome (retried), not the whole reconcile's failure. */
  private static ClusterOutcome guarded(TargetCluster cluster, Function<TargetCluster, ClusterOutcome> onCluster) {
    try {
      return onCluster.apply(cluster);
    } catch (OwnedResourceInformers.InformerMissingException e) {
      return new ClusterOutcome(cluster.name(), ApplyFailure.verdict("cluster " + cluster.name(), e), null, null);
    }
  }

  /** The outcome of a cluster not worked on this time; one that is only connecting keeps its last ready entry. */
  public static ClusterOutcome outcome(String cluster, Verdict verdict, List<ClusterStatus> previous, long generation) {
    return Reason.CLUSTER_CONNECTING.equals(verdict.reason())
        ? ClusterOutcome.connecting(cluster, verdict, previous, generation)
        : new ClusterOutcome(cluster, verdict, null, null);
  }

  /**
   * @param retry whether a cluster failed in a way worth retrying
   * @param notPlaced why no cluster was chosen, or null when some were
   */
  public record Result(List<ClusterOutcome> outcomes, boolean retry, String notPlaced) {}
}
