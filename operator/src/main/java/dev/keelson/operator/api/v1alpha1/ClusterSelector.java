package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** Chooses clusters by their labels (Platform spec.clusters[].labels), like a Kubernetes label selector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSelector(
    @JsonPropertyDescription("Labels a cluster must all have.") @Size(max = 16) Map<String, String> matchLabels,
    @JsonPropertyDescription("Requirements on cluster labels; all must hold.") @Size(max = 16) List<Requirement> matchExpressions) {

  /** One requirement on a label. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Requirement(
      @JsonPropertyDescription("The label key.") @Required @Size(min = 1, max = 63) String key,
      @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.") @Required Operator operator,
      @JsonPropertyDescription("Label values for In and NotIn; empty for Exists and DoesNotExist.") @Size(max = 16) List<String> values) {}

  /** How a requirement compares a label. */
  public enum Operator {
    In, NotIn, Exists, DoesNotExist
  }
}
