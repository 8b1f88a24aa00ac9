package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import java.util.List;

/**
 * Where WorkerPools' consumer groups are read and moved: the Platform's Kafka
 * ({@link ConsumerGroupLagReader}), or a test's double. Topic names are full names, prefix included.
 * Each method throws {@link KafkaUnavailableException} when the brokers do not answer,
 * {@link KafkaAuthenticationException} when they refuse the Platform's credentials and
 * {@link KafkaSettingsException} when the Platform's auth Secret is missing or incomplete.
 */
public interface ConsumerLag {

  /**
   * The group's lag, on that one of the Platform's Kafkas, on the topic and its retry topics.
   *
   * @throws TopicOperationException when the topic does not exist or Kafka refuses to describe it
   */
  GroupLag read(Platform platform, KafkaSpec kafka, String group, String topic, List<String> retryTopics);

  /**
   * {@link KafkaAdmin#carryOverOffsets} on that one of the Platform's Kafkas: the partitions whose
   * offsets group {@code to} was given.
   *
   * @throws TopicOperationException when Kafka refuses to read or set the offsets
   */
  int carryOver(Platform platform, KafkaSpec kafka, String from, String to, List<String> topics);
}
