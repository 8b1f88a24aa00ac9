package dev.keelson.shop.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How long a worker waits before its next consumer, by failures in a row. */
class QueueConsumerBackoffTest {

  @Test
  void oneSecondDoublingToThirtyAndBackToOneAfterASuccessfulPoll() {
    assertThat(QueueConsumer.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(QueueConsumer.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(QueueConsumer.backoff(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(QueueConsumer.backoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(QueueConsumer.backoff(40)).isEqualTo(Duration.ofSeconds(30));
    // A successful poll clears the failures in a row, so the next failure waits 1 s again.
    var health = ConsumerHealth.started(Instant.EPOCH).failed(new IllegalStateException("x"), Instant.EPOCH)
        .failed(new IllegalStateException("x"), Instant.EPOCH).polled(Instant.EPOCH, 1)
        .failed(new IllegalStateException("x"), Instant.EPOCH);
    assertThat(QueueConsumer.backoff(health.consecutiveFailures())).isEqualTo(Duration.ofSeconds(1));
  }
}
