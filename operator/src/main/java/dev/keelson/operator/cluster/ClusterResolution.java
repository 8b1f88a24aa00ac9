package dev.keelson.operator.cluster;

import dev.keelson.operator.status.Reason;
import java.util.List;
import java.util.Map;

/**
 * The clusters of a Platform: those Keelson can reach, and those it cannot use, each with the
 * reason to report on the Platform's status.
 */
public record ClusterResolution(List<TargetCluster> clusters, List<UnusableCluster> unusable) {

  public ClusterResolution {
    clusters = List.copyOf(clusters);
    unusable = List.copyOf(unusable);
  }

  /** Names of every cluster the Platform lists, usable or not. */
  public List<String> names() {
    var names = new java.util.ArrayList<String>();
    clusters.forEach(c -> names.add(c.name()));
    unusable.forEach(u -> names.add(u.name()));
    return names;
  }

  /** A cluster listed by the Platform that Keelson cannot work on, and why. */
  public record UnusableCluster(String name, Map<String, String> labels, Reason reason, String message) {
    public UnusableCluster {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Its verdict: connecting (a new connection's first probe) is a wait, not a fault; anything else is. */
    public dev.keelson.operator.status.Verdict verdict() {
      return Reason.CLUSTER_CONNECTING.equals(reason)
          ? dev.keelson.operator.status.Verdict.waiting(reason, message)
          : dev.keelson.operator.status.Verdict.blocked(reason, message);
    }
  }
}
