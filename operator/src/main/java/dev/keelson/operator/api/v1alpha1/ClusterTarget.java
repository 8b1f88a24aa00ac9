package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** One Kubernetes cluster the Platform runs on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.kubeconfigSecretRef) != (has(self.inCluster) && self.inCluster)",
    message = "set exactly one of kubeconfigSecretRef (a remote cluster) or inCluster: true (the operator's own cluster)")
public record ClusterTarget(
    @JsonPropertyDescription("Name of the cluster, unique within the Platform (a DNS-1123 label, e.g. aws-prod).")
        @Required @Size(max = 63) @Pattern(ApiGroup.DNS_LABEL) String name,
    @JsonPropertyDescription("Secret key holding the kubeconfig Keelson uses to reach a remote cluster.")
        SecretKeyRef kubeconfigSecretRef,
    @JsonPropertyDescription("True for the cluster the operator itself runs in; then no kubeconfig is needed.")
        Boolean inCluster,
    @JsonPropertyDescription("Labels of the cluster (provider, region, role, ...) that Services select with placement.clusterSelector.")
        Map<String, String> labels,
    @JsonPropertyDescription("Settings that differ on this cluster.")
        ClusterOverrides overrides) {}
