package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What Keelson observed of a Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceStatus(
    @JsonPropertyDescription("The generation of the spec this status describes.") Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciled, Degraded, and kstatus's Reconciling and Stalled, each with a reason and message.") List<Condition> conditions,
    @JsonPropertyDescription("One entry per cluster the Service is placed on.") List<ClusterStatus> clusters,
    @JsonPropertyDescription("Ready clusters over placed clusters, e.g. 2/3.") String clusterSummary,
    @JsonPropertyDescription("Desired pods, summed over clusters.") Integer replicas,
    @JsonPropertyDescription("Ready pods, summed over clusters.") Integer readyReplicas,
    @JsonPropertyDescription("The URL the Service is reachable at when exposed.") String url,
    @JsonPropertyDescription("Name of the Secret holding the Service's credentials (Service Binding layout).") String bindingSecretName)
    implements KeelsonStatus {}
