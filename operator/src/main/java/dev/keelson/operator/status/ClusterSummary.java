package dev.keelson.operator.status;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import java.util.List;

/** The "ready/total" text of the Clusters printer column. */
public final class ClusterSummary {
  private ClusterSummary() {}

  public static String of(List<ClusterStatus> clusters) {
    long ready = clusters.stream().filter(c -> Boolean.TRUE.equals(c.ready())).count();
    return ready + "/" + clusters.size();
  }
}
