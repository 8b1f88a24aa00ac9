package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.Uses.TopicUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link KafkaAdmin} on kafka-clients' {@link Admin}, with every call bounded by a timeout. */
public final class AdminClientKafkaAdmin implements KafkaAdmin {
  private final Admin admin;
  private final String bootstrapServers;
  private final Duration timeout;
  private final LongAdder calls;

  /**
   * @param clientProperties connection properties ({@link KafkaClientProperties})
   * @param calls counts the requests made, for metrics and benchmarks
   */
  public AdminClientKafkaAdmin(Map<String, String> clientProperties, Duration timeout, LongAdder calls) {
    var properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "keelson-operator");
    try {
      this.admin = Admin.create(properties);
    } catch (org.apache.kafka.common.KafkaException e) {
      // Bootstrap servers that do not resolve, properties Kafka refuses: nothing can be asked.
      throw new KafkaUnavailableException("cannot connect to Kafka at " + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
          + ": " + e.getMessage(), e);
    }
    this.bootstrapServers = clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    this.timeout = timeout;
    this.calls = calls;
  }

  @Override
  public Map<String, TopicState> describe(Collection<String> names) {
    if (names.isEmpty()) return Map.of();
    calls.increment();
    var futures = admin.describeTopics(names).topicNameValues();
    var descriptions = new TreeMap<String, TopicDescription>();
    for (var entry : futures.entrySet()) {
      try {
        descriptions.put(entry.getKey(), await(entry.getValue(), "describe topic " + entry.getKey()));
      } catch (TopicFailure e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw new TopicOperationException(Map.of(entry.getKey(), e.reason()));
      }
    }
    if (descriptions.isEmpty()) return Map.of();
    calls.increment();
    var resources = descriptions.keySet().stream()
        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs;
    try {
      configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
    } catch (TopicFailure e) {
      throw new TopicOperationException(Map.of("(describe configs)", e.reason()));
    }
    var states = new LinkedHashMap<String, TopicState>();
    descriptions.forEach((name, description) -> {
      var config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
      var values = new TreeMap<String, String>();
      for (String key : TopicUse.CONFIG_KEYS) {
        ConfigEntry e = config == null ? null : config.get(key);
        if (e != null && e.value() != null) values.put(key, e.value());
      }
      var partitions = description.partitions();
      int replication = partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
      states.put(name, new TopicState(name, partitions.size(), replication, values));
    });
    return states;
  }

  @Override
  public void create(Collection<TopicSpec> topics) {
    if (topics.isEmpty()) return;
    calls.increment();
    List<NewTopic> requests = topics.stream()
        .map(t -> new NewTopic(t.name(), t.partitions(), (short) t.replicationFactor()).configs(t.configs()))
        .toList();
    awaitEach(admin.createTopics(requests).values(), "create topic");
  }

  @Override
  public void increasePartitions(Map<String, Integer> partitionsByTopic) {
    if (partitionsByTopic.isEmpty()) return;
    calls.increment();
    var requests = partitionsByTopic.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> NewPartitions.increaseTo(e.getValue())));
    awaitEach(admin.createPartitions(requests).values(), "add partitions to");
  }

  @Override
  public void setConfigs(Map<String, Map<String, String>> configsByTopic) {
    if (configsByTopic.isEmpty()) return;
    calls.increment();
    var requests = new HashMap<ConfigResource, Collection<AlterConfigOp>>();
    configsByTopic.forEach((topic, configs) -> requests.put(new ConfigResource(ConfigResource.Type.TOPIC, topic),
        configs.entrySet().stream()
            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
            .toList()));
    var byResource = admin.incrementalAlterConfigs(requests).values();
    var byTopic = new HashMap<String, KafkaFuture<Void>>();
    byResource.forEach((resource, future) -> byTopic.put(resource.name(), future));
    awaitEach(byTopic, "set configs of");
  }

  @Override
  public void delete(Collection<String> names) {
    if (names.isEmpty()) return;
    calls.increment();
    awaitEach(admin.deleteTopics(names).topicNameValues(), "delete topic");
  }

  @Override
  public GroupLag groupLag(String group, String topic, Collection<String> retryTopics) {
    calls.increment();
    var names = new ArrayList<String>();
    names.add(topic);
    names.addAll(retryTopics);
    var futures = admin.describeTopics(names).topicNameValues();
    var partitions = new ArrayList<TopicPartition>();
    for (String name : names) {
      try {
        await(futures.get(name), "describe topic " + name).partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
      } catch (TopicFailure e) {
        // The topic itself must exist; a retry topic not created yet holds nothing to consume.
        if (name.equals(topic) || !(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new TopicOperationException(Map.of(name, e.reason()));
        }
      }
    }
    var committed = committedOn(group, names, topic);
    var ends = offsets(partitions, OffsetSpec.latest(), "end");
    var uncommitted = partitions.stream().filter(p -> committed.get(p) == null).toList();
    var starts = uncommitted.isEmpty() ? Map.<TopicPartition, Long>of() : offsets(uncommitted, OffsetSpec.earliest(), "start");
    var lag = new TreeMap<Integer, Long>();
    long retryLag = 0;
    for (var partition : partitions) {
      var commit = committed.get(partition);
      long from = commit != null ? commit.offset() : starts.getOrDefault(partition, 0L);
      long behind = Math.max(0, ends.getOrDefault(partition, 0L) - from);
      if (partition.topic().equals(topic)) {
        lag.put(partition.partition(), behind);
      } else {
        retryLag += behind;
      }
    }
    return new GroupLag(group, topic, lag, retryLag);
  }

  @Override
  public int carryOverOffsets(String from, String to, Collection<String> topics) {
    if (!committedOn(to, topics, to).isEmpty()) return 0;
    var offsets = committedOn(from, topics, from);
    if (offsets.isEmpty()) return 0;
    calls.increment();
    try {
      await(admin.alterConsumerGroupOffsets(to, offsets).all(), "commit the offsets of group " + from + " for group " + to);
    } catch (TopicFailure e) {
      throw new TopicOperationException(Map.of(to, "carrying the offsets of consumer group " + from + " over: " + e.reason()));
    }
    return offsets.size();
  }

  /** The group's committed offsets on the partitions of the topics; a refusal is reported under {@code failureKey}. */
  private Map<TopicPartition, OffsetAndMetadata> committedOn(String group, Collection<String> topics, String failureKey) {
    calls.increment();
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read the offsets of group " + group);
    } catch (TopicFailure e) {
      throw new TopicOperationException(Map.of(failureKey, "offsets of consumer group " + group + ": " + e.reason()));
    }
    var onTopics = new HashMap<TopicPartition, OffsetAndMetadata>();
    committed.forEach((partition, offset) -> {
      if (offset != null && topics.contains(partition.topic())) onTopics.put(partition, offset);
    });
    return onTopics;
  }

  /** One ListOffsets request for all the partitions. */
  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec, String which) {
    calls.increment();
    var request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
    try {
      var result = await(admin.listOffsets(request).all(), "read the " + which + " offsets of " + partitions.get(0).topic());
      var offsets = new HashMap<TopicPartition, Long>();
      result.forEach((partition, info) -> offsets.put(partition, info.offset()));
      return offsets;
    } catch (TopicFailure e) {
      throw new TopicOperationException(Map.of(partitions.get(0).topic(), e.reason()));
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  private <T> void awaitEach(Map<String, KafkaFuture<T>> futures, String action) {
    var failures = new TreeMap<String, String>();
    for (var entry : futures.entrySet()) {
      try {
        await(entry.getValue(), action + " " + entry.getKey());
      } catch (TopicFailure e) {
        failures.put(entry.getKey(), e.reason());
      }
    }
    if (!failures.isEmpty()) throw new TopicOperationException(failures);
  }

  /** Waits for a future; unreachable brokers become {@link KafkaUnavailableException}. */
  private <T> T await(KafkaFuture<T> future, String action) {
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while waiting to " + action, e);
    } catch (TimeoutException e) {
      throw unavailable(action, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnknownTopicOrPartitionException) throw new TopicFailure(cause);
      if (cause instanceof org.apache.kafka.common.errors.AuthenticationException
          || cause instanceof org.apache.kafka.common.errors.ClusterAuthorizationException) {
        throw new KafkaAuthenticationException("Kafka at " + bootstrapServers + " refused Keelson's credentials (" + action + "): "
            + cause.getMessage(), cause);
      }
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException || cause instanceof RetriableException) {
        throw unavailable(action, cause);
      }
      throw new TopicFailure(cause);
    }
  }

  /**
   * The message stays the same from one attempt to the next (a timeout's own text carries its
   * deadline), so that a status reporting it is not rewritten at every retry.
   */
  private KafkaUnavailableException unavailable(String action, Throwable cause) {
    boolean timeout = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException;
    return new KafkaUnavailableException("Kafka at " + bootstrapServers + " did not answer within "
        + this.timeout.toSeconds() + "s (" + action + ")" + (timeout ? "" : ": " + cause.getMessage()), cause);
  }

  /** One topic's request failed for a reason other than reachability. */
  private static final class TopicFailure extends RuntimeException {
    TopicFailure(Throwable cause) {
      super(cause);
    }

    String reason() {
      return getCause().getClass().getSimpleName() + ": " + getCause().getMessage();
    }
  }
}
