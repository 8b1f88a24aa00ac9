package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;

/** Where WorkerPools' consumer lag is read from: the Platform's Kafka ({@link ConsumerGroupLagReader}), or a test's double. */
public interface ConsumerLag {

  /**
   * The group's lag, on that one of the Platform's Kafkas, on the topic and its retry topics (full topic names, prefix included).
   *
   * @throws KafkaUnavailableException when the brokers do not answer
   * @throws KafkaAuthenticationException when they refuse the Platform's credentials
   * @throws KafkaSettingsException when the Platform's auth Secret is missing or incomplete
   * @throws TopicOperationException when the topic does not exist or Kafka refuses to describe it
   */
  GroupLag read(Platform platform, dev.keelson.operator.api.v1alpha1.KafkaSpec kafka, String group, String topic,
      java.util.List<String> retryTopics);
}
