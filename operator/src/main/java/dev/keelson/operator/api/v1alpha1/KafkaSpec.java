package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An external Kafka cluster; Keelson manages its topics, not its brokers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KafkaSpec(
    @JsonPropertyDescription("Comma-separated host:port list of bootstrap brokers, e.g. b-1:9092,b-2:9092.")
        @Required @Pattern("^[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5})*$") String bootstrapServers,
    @JsonPropertyDescription("Secret with the client's SASL/SCRAM or mTLS material; none for a plaintext broker.")
        LocalObjectRef authSecretRef,
    @JsonPropertyDescription("Prefix of every topic name Keelson manages; default \"<namespace>.\".")
        @Pattern("^[a-zA-Z0-9._-]{0,48}$") String topicPrefix,
    @JsonPropertyDescription("Settings of topics whose workloads do not set them.")
        TopicDefaults topicDefaults,
    @JsonPropertyDescription("Topics that were there before Keelson (adopted): Keep leaves their partitions and configs as found; "
        + "Manage lets the workloads' declarations change them as they change the topics Keelson created.")
        @io.fabric8.generator.annotation.Default("Keep") AdoptedTopics adoptedTopics) {

  /** What Keelson may change on a topic it did not create. */
  public enum AdoptedTopics {
    Keep, Manage
  }

  public KafkaSpec(String bootstrapServers, LocalObjectRef authSecretRef, String topicPrefix, TopicDefaults topicDefaults) {
    this(bootstrapServers, authSecretRef, topicPrefix, topicDefaults, null);
  }

  /** Whether the workloads' declarations may change adopted topics. */
  public boolean managesAdoptedTopics() {
    return adoptedTopics == AdoptedTopics.Manage;
  }

  /** Defaults for topics. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TopicDefaults(
      @JsonPropertyDescription("Partitions of a new topic.") @Default("3") @Min(1) @Max(10000) Integer partitions,
      @JsonPropertyDescription("Replication factor of a new topic; immutable once the topic exists.")
          @Default("3") @Min(1) @Max(32) Integer replicationFactor,
      @JsonPropertyDescription("How long records are kept, e.g. 7d or 12h.")
          @Default("7d") @Pattern(ApiGroup.DURATION) String retention) {}
}
