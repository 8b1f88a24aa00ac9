package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What Keelson last saw of one of the Platform's Kafkas and the topics it manages there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KafkaStatus(
    @JsonPropertyDescription("The Kafka's bootstrap servers.") String bootstrapServers,
    @JsonPropertyDescription("The Platform's clusters whose workloads use this Kafka.") List<String> clusters,
    @JsonPropertyDescription("True when Kafka answered and every topic is as declared.") Boolean ready,
    @JsonPropertyDescription("CamelCase reason, e.g. TopicsReady, KafkaUnavailable or TopicsRefused.") String reason,
    @JsonPropertyDescription("Kafka's state in words.") String message,
    @JsonPropertyDescription("When Kafka's state as shown here was first seen (RFC 3339).") String lastSyncTime,
    @JsonPropertyDescription("The topics Keelson manages, sorted by name.") List<TopicStatus> topics) {}
