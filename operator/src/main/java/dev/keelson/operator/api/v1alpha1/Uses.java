package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The data services a workload uses; it gets credentials for exactly these. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Uses(
    @JsonPropertyDescription("A database of the Platform's MongoDB, with a user allowed to read and write it.") MongoDbUse mongodb,
    @JsonPropertyDescription("Keys of the Platform's Redis under a prefix, with an ACL user limited to it.") RedisUse redis,
    @JsonPropertyDescription("Topics of the Platform's Kafka this workload produces to and consumes from.") KafkaUse kafka) {

  /** A MongoDB database. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MongoDbUse(
      @JsonPropertyDescription("Database name, e.g. orders.") @Required @Pattern("^[a-zA-Z0-9_-]{1,63}$") String database) {}

  /** A Redis key prefix. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RedisUse(
      @JsonPropertyDescription("Key prefix; the workload may only touch keys <keyPrefix>:*.")
          @Required @Pattern("^[a-zA-Z0-9_.-]{1,63}$") String keyPrefix) {}

  /** Kafka topics. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KafkaUse(
      @JsonPropertyDescription("Topics this workload writes to; Keelson creates them.") @Size(max = 64) List<TopicUse> produces,
      @JsonPropertyDescription("Topics this workload reads from.") @Size(max = 64) List<TopicUse> consumes) {}

  /** A topic, named without the Platform's prefix. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TopicUse(
      @JsonPropertyDescription("Topic name without the Platform's prefix, e.g. order-events.")
          @Required @Pattern(ApiGroup.TOPIC_NAME) String topic,
      @JsonPropertyDescription("Partitions; default the Platform's topicDefaults. Partitions can only grow.")
          @Min(1) @Max(10000) Integer partitions) {}
}
