package dev.keelson.operator.testing;

import dev.keelson.operator.kafka.KafkaAdmin;
import dev.keelson.operator.kafka.KafkaAuthenticationException;
import dev.keelson.operator.kafka.KafkaUnavailableException;
import dev.keelson.operator.kafka.TopicOperationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kafka in memory behind {@link KafkaAdmin}, for the unit tests of what talks to Kafka: topics
 * with partitions and configs, each partition's end offset, consumer groups' committed offsets, and
 * failures the test injects (the brokers down, the credentials refused, Kafka refusing one request
 * on one topic). Every request is recorded by name (a batch with nothing in it is no request, as
 * with the real client), so that a test can say which requests were made.
 * It keeps to the real client's contract as {@code KafkaAdmin} states it, nothing more.
 */
public final class TestingKafkaAdmin implements KafkaAdmin {
  /** Topics by name. */
  public final Map<String, TopicState> topics = new TreeMap<>();
  /** End offsets by topic, one per partition. */
  public final Map<String, long[]> endOffsets = new HashMap<>();
  /** Committed offsets by group, then by "topic/partition". */
  public final Map<String, Map<String, Long>> committed = new HashMap<>();
  /** The requests made, in order: "describe", "create", "increasePartitions", "setConfigs", "delete", "groupLag", "carryOverOffsets". */
  public final List<String> calls = new ArrayList<>();

  private boolean unavailable;
  private boolean unauthenticated;
  private final Map<String, Map<String, String>> refusals = new HashMap<>();

  /** From now on every call fails as if no broker answered. */
  public TestingKafkaAdmin down() {
    unavailable = true;
    return this;
  }

  /** The brokers answer again. */
  public TestingKafkaAdmin up() {
    unavailable = false;
    unauthenticated = false;
    return this;
  }

  /** From now on every call fails as if the brokers refused Keelson's credentials. */
  public TestingKafkaAdmin refusingCredentials() {
    unauthenticated = true;
    return this;
  }

  /** Kafka refuses that call ("create", "delete", …) on that topic (or group) with that error. */
  public TestingKafkaAdmin refuse(String call, String name, String error) {
    refusals.computeIfAbsent(call, c -> new HashMap<>()).put(name, error);
    return this;
  }

  /** A topic that exists before Keelson looks, with its end offsets as written. */
  public TestingKafkaAdmin existing(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    topics.put(name, new TopicState(name, partitions, replicationFactor, configs));
    endOffsets.put(name, new long[partitions]);
    return this;
  }

  /** Records written to a partition of the topic. */
  public TestingKafkaAdmin produced(String topic, int partition, long records) {
    endOffsets.get(topic)[partition] += records;
    return this;
  }

  /** What a consumer of the group committed on a partition of the topic. */
  public TestingKafkaAdmin commit(String group, String topic, int partition, long offset) {
    committed.computeIfAbsent(group, g -> new TreeMap<>()).put(topic + "/" + partition, offset);
    return this;
  }

  @Override
  public Map<String, TopicState> describe(Collection<String> names) {
    if (names.isEmpty()) return Map.of();
    call("describe");
    var found = new LinkedHashMap<String, TopicState>();
    var refused = refusedAmong("describe", names);
    if (!refused.isEmpty()) throw new TopicOperationException(refused);
    names.stream().filter(topics::containsKey).forEach(n -> found.put(n, topics.get(n)));
    return found;
  }

  @Override
  public void create(Collection<TopicSpec> specs) {
    if (specs.isEmpty()) return;
    call("create");
    var refused = refusedAmong("create", specs.stream().map(TopicSpec::name).toList());
    for (var spec : specs) {
      if (refused.containsKey(spec.name())) continue;
      if (topics.containsKey(spec.name())) {
        refused.put(spec.name(), "TopicExistsException: Topic '" + spec.name() + "' already exists.");
        continue;
      }
      topics.put(spec.name(), new TopicState(spec.name(), spec.partitions(), spec.replicationFactor(), spec.configs()));
      endOffsets.put(spec.name(), new long[spec.partitions()]);
    }
    if (!refused.isEmpty()) throw new TopicOperationException(refused);
  }

  @Override
  public void increasePartitions(Map<String, Integer> partitionsByTopic) {
    if (partitionsByTopic.isEmpty()) return;
    call("increasePartitions");
    var refused = refusedAmong("increasePartitions", partitionsByTopic.keySet());
    partitionsByTopic.forEach((name, count) -> {
      if (refused.containsKey(name)) return;
      var topic = topics.get(name);
      topics.put(name, new TopicState(name, count, topic.replicationFactor(), topic.configs()));
      var ends = new long[count];
      System.arraycopy(endOffsets.get(name), 0, ends, 0, topic.partitions());
      endOffsets.put(name, ends);
    });
    if (!refused.isEmpty()) throw new TopicOperationException(refused);
  }

  @Override
  public void setConfigs(Map<String, Map<String, String>> configsByTopic) {
    if (configsByTopic.isEmpty()) return;
    call("setConfigs");
    var refused = refusedAmong("setConfigs", configsByTopic.keySet());
    configsByTopic.forEach((name, configs) -> {
      if (refused.containsKey(name)) return;
      var topic = topics.get(name);
      var merged = new TreeMap<>(topic.configs());
      merged.putAll(configs);
      topics.put(name, new TopicState(name, topic.partitions(), topic.replicationFactor(), merged));
    });
    if (!refused.isEmpty()) throw new TopicOperationException(refused);
  }

  @Override
  public void delete(Collection<String> names) {
    if (names.isEmpty()) return;
    call("delete");
    var refused = refusedAmong("delete", names);
    names.stream().filter(n -> !refused.containsKey(n)).forEach(n -> {
      topics.remove(n);
      endOffsets.remove(n);
    });
    if (!refused.isEmpty()) throw new TopicOperationException(refused);
  }

  @Override
  public GroupLag groupLag(String group, String topic, Collection<String> retryTopics) {
    call("groupLag");
    if (!topics.containsKey(topic)) throw new TopicOperationException(Map.of(topic, "UnknownTopicOrPartitionException: This server "
        + "does not host this topic-partition."));
    var offsets = committed.getOrDefault(group, Map.of());
    var byPartition = new TreeMap<Integer, Long>();
    long[] ends = endOffsets.get(topic);
    for (int p = 0; p < ends.length; p++) byPartition.put(p, ends[p] - offsets.getOrDefault(topic + "/" + p, 0L));
    long retryLag = 0;
    for (String retry : retryTopics) {
      long[] retryEnds = endOffsets.get(retry);
      if (retryEnds == null) continue;
      for (int p = 0; p < retryEnds.length; p++) retryLag += retryEnds[p] - offsets.getOrDefault(retry + "/" + p, 0L);
    }
    return new GroupLag(group, topic, byPartition, retryLag);
  }

  @Override
  public int carryOverOffsets(String from, String to, Collection<String> topicNames) {
    call("carryOverOffsets");
    var refused = refusedAmong("carryOverOffsets", List.of(to));
    if (!refused.isEmpty()) throw new TopicOperationException(refused);
    var target = committed.getOrDefault(to, Map.of());
    if (target.keySet().stream().anyMatch(k -> topicNames.contains(k.substring(0, k.lastIndexOf('/'))))) return 0;
    var carried = new TreeMap<String, Long>();
    committed.getOrDefault(from, Map.of()).forEach((k, offset) -> {
      if (topicNames.contains(k.substring(0, k.lastIndexOf('/')))) carried.put(k, offset);
    });
    if (carried.isEmpty()) return 0;
    committed.computeIfAbsent(to, g -> new TreeMap<>()).putAll(carried);
    return carried.size();
  }

  @Override
  public void close() {
    call("close");
  }

  private void call(String name) {
    calls.add(name);
    if (unavailable) throw new KafkaUnavailableException("Kafka at testing:9092 did not answer within 10s (" + name + ")", null);
    if (unauthenticated) {
      throw new KafkaAuthenticationException("Kafka at testing:9092 refused Keelson's credentials (" + name + "): Authentication failed",
          null);
    }
  }

  private Map<String, String> refusedAmong(String call, Collection<String> names) {
    var refused = new TreeMap<String, String>();
    var byName = refusals.getOrDefault(call, Map.of());
    names.stream().filter(byName::containsKey).forEach(n -> refused.put(n, byName.get(n)));
    return refused;
  }
}
