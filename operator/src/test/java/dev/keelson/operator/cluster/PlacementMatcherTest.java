package dev.keelson.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.Placement;
import dev.keelson.operator.api.v1alpha1.ClusterSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementMatcherTest {
  static final Map<String, String> AWS = Map.of("provider", "aws", "role", "primary");
  static final Map<String, String> OVH = Map.of("provider", "ovh", "role", "compliance");

  @Test
  void noPlacementMeansEveryCluster() {
    assertThat(PlacementMatcher.places(null, "aws-prod", AWS)).isTrue();
    assertThat(PlacementMatcher.places(new Placement(null, null), "ovh", OVH)).isTrue();
  }

  @Test
  void namesChooseClusters() {
    var placement = new Placement(List.of("aws-prod"), null);
    assertThat(PlacementMatcher.places(placement, "aws-prod", AWS)).isTrue();
    assertThat(PlacementMatcher.places(placement, "ovh", OVH)).isFalse();
  }

  @Test
  void labelsChooseClusters() {
    var byLabel = new Placement(null, new ClusterSelector(Map.of("role", "primary"), null));
    assertThat(PlacementMatcher.places(byLabel, "aws-prod", AWS)).isTrue();
    assertThat(PlacementMatcher.places(byLabel, "ovh", OVH)).isFalse();

    var notOvh = new Placement(null, new ClusterSelector(null, List.of(
        new ClusterSelector.Requirement("provider", ClusterSelector.Operator.NotIn, List.of("ovh")),
        new ClusterSelector.Requirement("role", ClusterSelector.Operator.Exists, null))));
    assertThat(PlacementMatcher.places(notOvh, "aws-prod", AWS)).isTrue();
    assertThat(PlacementMatcher.places(notOvh, "ovh", OVH)).isFalse();
    assertThat(PlacementMatcher.places(notOvh, "bare", Map.of())).as("no role label").isFalse();
  }

  @Test
  void namesAndLabelsMustBothHold() {
    var both = new Placement(List.of("ovh"), new ClusterSelector(Map.of("role", "primary"), null));
    assertThat(PlacementMatcher.places(both, "ovh", OVH)).isFalse();
    assertThat(PlacementMatcher.places(both, "aws-prod", AWS)).isFalse();
  }

  @Test
  void namesThePlatformDoesNotListAreReported() {
    assertThat(PlacementMatcher.unknownNames(new Placement(List.of("aws-prod", "gcp"), null), List.of("aws-prod", "ovh")))
        .containsExactly("gcp");
  }
}
