package dev.keelson.operator.kafka;

import java.util.Map;

/** Kafka refused some topics of a batch; the others went through. */
public class TopicOperationException extends RuntimeException {
  private final Map<String, String> failures;

  public TopicOperationException(Map<String, String> failures) {
    super("Kafka refused " + failures.size() + " topic(s): " + failures);
    this.failures = Map.copyOf(failures);
  }

  /** Kafka's error message per topic name. */
  public Map<String, String> failures() {
    return failures;
  }
}
