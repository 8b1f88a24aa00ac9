package dev.keelson.operator.cluster;

import dev.keelson.operator.api.v1alpha1.Placement;
import dev.keelson.operator.api.v1alpha1.ClusterSelector;
import java.util.List;
import java.util.Map;

/**
 * Which of a Platform's clusters a workload's {@code spec.placement} chooses: the named clusters,
 * those whose labels match the selector, or both conditions when both are given; every cluster
 * when there is no placement.
 */
public final class PlacementMatcher {
  private PlacementMatcher() {}

  public static boolean places(Placement placement, String clusterName, Map<String, String> clusterLabels) {
    if (placement == null) return true;
    boolean named = placement.clusters() == null || placement.clusters().isEmpty() || placement.clusters().contains(clusterName);
    return named && matches(placement.clusterSelector(), clusterLabels);
  }

  /** Names in {@code placement.clusters} that are none of the Platform's clusters. */
  public static List<String> unknownNames(Placement placement, List<String> platformClusters) {
    if (placement == null || placement.clusters() == null) return List.of();
    return placement.clusters().stream().filter(n -> !platformClusters.contains(n)).toList();
  }

  static boolean matches(ClusterSelector selector, Map<String, String> labels) {
    if (selector == null) return true;
    if (selector.matchLabels() != null
        && !selector.matchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    return selector.matchExpressions() == null || selector.matchExpressions().stream().allMatch(r -> satisfies(r, labels));
  }

  private static boolean satisfies(ClusterSelector.Requirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.key());
    List<String> values = requirement.values() == null ? List.of() : requirement.values();
    return switch (requirement.operator()) {
      case In -> value != null && values.contains(value);
      case NotIn -> value == null || !values.contains(value);
      case Exists -> value != null;
      case DoesNotExist -> value == null;
    };
  }
}
