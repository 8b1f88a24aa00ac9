package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Per-cluster settings applied on top of the Platform's. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterOverrides(
    @JsonPropertyDescription("StorageClass for the volumes of data services on this cluster; default: the cluster's default class.")
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String storageClassName,
    @JsonPropertyDescription("IngressClass for exposed Services on this cluster; default: the cluster's default class.")
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String ingressClassName,
    @JsonPropertyDescription("Percentage applied to the replica counts of workloads on this cluster (100 keeps them).")
        @Min(0) @Max(1000) Integer replicaPercent,
    @JsonPropertyDescription("This cluster's own Kafka instead of spec.kafka: its workloads connect to it, and Keelson keeps on it the "
        + "topics of the workloads placed here. topicPrefix and topicDefaults default to spec.kafka's (field by field); "
        + "authSecretRef is this Kafka's own (none: plaintext). Clusters naming the same bootstrapServers share that Kafka and must agree on its settings.")
        KafkaSpec kafka) {}
