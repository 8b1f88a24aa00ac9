package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which of the Platform's clusters run a workload; unset: all of them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Placement(
    @JsonPropertyDescription("Names of the Platform's clusters.") @Size(max = 32) List<@Pattern(ApiGroup.DNS_LABEL) String> clusters,
    @JsonPropertyDescription("Clusters whose labels match; combined with clusters, a cluster must satisfy both.")
        ClusterSelector clusterSelector) {}
