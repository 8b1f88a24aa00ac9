package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** What Keelson observed of a WorkerPool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerPoolStatus(
    @JsonPropertyDescription("The generation of the spec this status describes.") Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciled and Degraded, each with a reason and message.") List<Condition> conditions,
    @JsonPropertyDescription("One entry per cluster the pool is placed on.") List<ClusterStatus> clusters,
    @JsonPropertyDescription("Ready clusters over placed clusters, e.g. 2/3.") String clusterSummary,
    @JsonPropertyDescription("Current workers, summed over clusters.") @StatusReplicas Integer replicas,
    @JsonPropertyDescription("Workers the last scaling decision asked for.") Integer desiredReplicas,
    @JsonPropertyDescription("Total consumer lag of the group, in records.") Long lag,
    @JsonPropertyDescription("When the worker count last changed (RFC 3339).") String lastScaleTime,
    @JsonPropertyDescription("Label selector of the workers' pods, for the scale subresource.") @LabelSelector String selector)
    implements KeelsonStatus {}
