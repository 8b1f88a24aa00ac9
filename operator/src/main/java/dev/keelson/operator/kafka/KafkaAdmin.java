package dev.keelson.operator.kafka;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The calls Keelson makes to a Kafka cluster to keep its topics in line. Each method is one
 * request batch, whatever the number of topics; an implementation throws
 * {@link KafkaUnavailableException} when the cluster cannot be reached and
 * {@link TopicOperationException} when Kafka refused part of a batch.
 */
public interface KafkaAdmin extends AutoCloseable {

  /** The named topics that exist, with their allow-listed configs; absent topics are left out. */
  Map<String, TopicState> describe(Collection<String> names);

  /** Creates the topics. */
  void create(Collection<TopicSpec> topics);

  /** Raises each named topic's partitions to the given count. */
  void increasePartitions(Map<String, Integer> partitionsByTopic);

  /** Sets the given configs of each named topic (other configs are left alone). */
  void setConfigs(Map<String, Map<String, String>> configsByTopic);

  /** Deletes the topics. */
  void delete(Collection<String> names);

  /**
   * The consumer group's lag on every partition of the topic, and in sum on its retry topics: the
   * end offset less the group's committed offset, or less the log's start offset on a partition
   * where the group has not committed yet (a new group consumes the backlog from the start). A
   * constant number of requests, whatever the number of partitions. Throws
   * {@link TopicOperationException} when the topic does not exist; a retry topic that does not
   * exist has no lag.
   */
  GroupLag groupLag(String group, String topic, Collection<String> retryTopics);

  /**
   * Gives group {@code to} the offsets group {@code from} committed on the partitions of the named
   * topics, unless {@code to} has committed on any of them already (it has then consumed on its
   * own, and its offsets stand): the number of partitions whose offsets were carried over, 0 when
   * none were. Two offset reads and at most one commit, whatever the number of partitions. Throws
   * {@link TopicOperationException} when Kafka refuses to read or set them (a group {@code to}
   * whose members consume already cannot be given offsets).
   */
  int carryOverOffsets(String from, String to, Collection<String> topics);

  @Override
  void close();

  /** A topic as Kafka reports it. */
  record TopicState(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    public TopicState {
      configs = Map.copyOf(configs);
    }
  }

  /**
   * A consumer group's lag on one topic, by partition, and the records it has yet to take from
   * that topic's retry topics.
   */
  record GroupLag(String group, String topic, SortedMap<Integer, Long> byPartition, long retryLag) {
    public GroupLag {
      byPartition = Collections.unmodifiableSortedMap(new TreeMap<>(byPartition));
    }

    /** Partitions of the topic itself. */
    public int partitions() {
      return byPartition.size();
    }

    /** All the group has yet to consume: the topic's lag and its retry topics'. */
    public long total() {
      return byPartition.values().stream().mapToLong(Long::longValue).sum() + retryLag;
    }
  }

  /** A topic as Keelson wants it. */
  record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    public TopicSpec {
      configs = Map.copyOf(configs);
    }
  }
}
