package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the custom resource stands on one target cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterStatus(
    @JsonPropertyDescription("Name of the target cluster.") String name,
    @JsonPropertyDescription("True when everything on this cluster is in place and ready.") Boolean ready,
    @JsonPropertyDescription("CamelCase reason of the cluster's state.") String reason,
    @JsonPropertyDescription("What is happening on this cluster, in words.") String message,
    @JsonPropertyDescription("Generation of the custom resource last applied to this cluster.") Long observedGeneration,
    @JsonPropertyDescription("When this cluster last converged (RFC 3339).") String lastSyncTime,
    @JsonPropertyDescription("Ready replicas on this cluster, for workloads.") Integer readyReplicas) {}
