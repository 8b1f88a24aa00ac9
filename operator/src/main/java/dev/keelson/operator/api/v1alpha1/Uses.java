package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** The data services a workload uses; it gets credentials for exactly these. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Uses(
    @JsonPropertyDescription("A database of the Platform's MongoDB, with a user allowed to read and write it.") MongoDbUse mongodb,
    @JsonPropertyDescription("Keys of the Platform's Redis under a prefix, with an ACL user limited to it.") RedisUse redis,
    @JsonPropertyDescription("Topics of the Platform's Kafka this workload produces to and consumes from.") KafkaUse kafka) {

  /** A MongoDB database. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!(self.database.lowerAscii() in ['admin', 'local', 'config'])",
      message = "uses.mongodb.database cannot be admin, local or config: those are MongoDB's own databases", fieldPath = ".database")
  public record MongoDbUse(
      @JsonPropertyDescription("Database name, e.g. orders. A database belongs to the first workload of the Platform to use it; "
          + "others may use it only when that one names them in sharedWith.")
          @Required @Pattern("^[a-zA-Z0-9_-]{1,63}$") String database,
      @JsonPropertyDescription("Names of the Services and WorkerPools of the Platform allowed to use this workload's database too "
          + "(each with its own user), e.g. the WorkerPool that writes what this Service reads.")
          @Size(max = 32) List<@Pattern(ApiGroup.DNS_LABEL) String> sharedWith) {
    public MongoDbUse(String database) {
      this(database, null);
    }
  }

  /** A Redis key prefix. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RedisUse(
      @JsonPropertyDescription("Key prefix, unique among the Platform's workloads; the workload may only touch keys and channels <keyPrefix>:*.")
          @Required @Pattern("^[a-zA-Z0-9_.-]{1,63}$") String keyPrefix) {}

  /** Kafka topics. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KafkaUse(
      @JsonPropertyDescription("Topics this workload writes to; Keelson creates them.") @Size(max = 64) List<TopicUse> produces,
      @JsonPropertyDescription("Topics this workload reads from.") @Size(max = 64) List<TopicUse> consumes) {}

  /** A topic, named without the Platform's prefix. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!has(self.config) || self.config.all(k, k in " + TopicUse.CONFIG_KEYS_CEL + ")",
      message = "topic config keys must be among " + TopicUse.CONFIG_KEYS_TEXT, fieldPath = ".config")
  public record TopicUse(
      @JsonPropertyDescription("Topic name without the Platform's prefix, e.g. order-events.")
          @Required @Pattern(ApiGroup.TOPIC_NAME) String topic,
      @JsonPropertyDescription("Partitions; default the Platform's topicDefaults. Partitions can only grow.")
          @Min(1) @Max(10000) Integer partitions,
      @JsonPropertyDescription("Replication factor; default the Platform's topicDefaults. Fixed once the topic exists.")
          @Min(1) @Max(32) Integer replicationFactor,
      @JsonPropertyDescription("Topic configs; allowed keys: " + TopicUse.CONFIG_KEYS_TEXT + ".")
          @Size(max = 5) Map<String, @Size(max = 64) String> config) {
    /** The topic configs a workload may set. */
    public static final List<String> CONFIG_KEYS =
        List.of("retention.ms", "cleanup.policy", "min.insync.replicas", "compression.type", "max.message.bytes");
    static final String CONFIG_KEYS_CEL =
        "['retention.ms', 'cleanup.policy', 'min.insync.replicas', 'compression.type', 'max.message.bytes']";
    static final String CONFIG_KEYS_TEXT =
        "retention.ms, cleanup.policy, min.insync.replicas, compression.type, max.message.bytes";

    public TopicUse(String topic, Integer partitions) {
      this(topic, partitions, null, null);
    }
  }
}
