package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One topic Keelson manages on the Platform's Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopicStatus(
    @JsonPropertyDescription("Full topic name, prefix included.") String name,
    @JsonPropertyDescription("Partitions the topic has.") Integer partitions,
    @JsonPropertyDescription("Replication factor of the topic.") Integer replicationFactor,
    @JsonPropertyDescription("True when the topic is as its workloads declare it.") Boolean ready,
    @JsonPropertyDescription("CamelCase reason of the topic's state, e.g. TopicReady or PartitionDecreaseRefused.") String reason,
    @JsonPropertyDescription("The topic's state in words.") String message,
    @JsonPropertyDescription("Created: Keelson created the topic (deletionPolicy Delete may remove it). Adopted: it existed before and is never deleted by Keelson.")
        String origin,
    @JsonPropertyDescription("Workloads declaring the topic, as Kind/name, sorted; at most 16.") java.util.List<String> declaredBy) {
  public static final String CREATED = "Created";
  public static final String ADOPTED = "Adopted";
}
