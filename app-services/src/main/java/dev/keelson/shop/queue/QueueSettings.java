package dev.keelson.shop.queue;

import java.util.List;

/**
 * What a worker consumes, as a WorkerPool's environment names it.
 *
 * @param retryTopics in attempt order; the last one repeats for later attempts
 * @param attempts attempts after the first failure before the dead-letter topic
 */
public record QueueSettings(String topic, String group, List<String> retryTopics, int attempts, String deadLetterTopic) {
  public QueueSettings {
    retryTopics = retryTopics.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  /** The topics the worker subscribes to: the queue and its retry topics. */
  public List<String> subscription() {
    var topics = new java.util.ArrayList<String>();
    topics.add(topic);
    topics.addAll(retryTopics);
    return topics;
  }
}
