package dev.keelson.operator.kafka;

/** Kafka answered, but refused Keelson's credentials (the Platform's kafka.authSecretRef) or their rights. */
public class KafkaAuthenticationException extends KafkaUnavailableException {
  public KafkaAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
