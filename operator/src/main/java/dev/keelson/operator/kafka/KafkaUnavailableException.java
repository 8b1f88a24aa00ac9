package dev.keelson.operator.kafka;

/** Kafka could not be reached, or did not answer in time. */
public class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
