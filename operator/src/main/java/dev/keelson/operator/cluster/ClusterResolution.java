package dev.keelson.operator.cluster;

import java.util.List;

/**
 * The clusters of a Platform: those Keelson can reach, and those it cannot use, each with the
 * reason to report on the Platform's status.
 */
public record ClusterResolution(List<TargetCluster> clusters, List<UnusableCluster> unusable) {

  public ClusterResolution {
    clusters = List.copyOf(clusters);
    unusable = List.copyOf(unusable);
  }

  public int total() {
    return clusters.size() + unusable.size();
  }

  /** A cluster listed by the Platform that Keelson cannot work on, and why. */
  public record UnusableCluster(String name, String reason, String message) {}
}
