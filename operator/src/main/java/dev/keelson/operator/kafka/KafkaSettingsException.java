package dev.keelson.operator.kafka;

import dev.keelson.operator.status.Reason;

/**
 * The Platform's Kafka connection settings cannot be put together: its auth Secret is missing or
 * incomplete. The reason is a condition reason; the message tells the user what to fix.
 */
public final class KafkaSettingsException extends RuntimeException {
  private final Reason reason;

  KafkaSettingsException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
