package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  @Test
  void doublesFromFiveSecondsToFiveMinutesAndStartsOverAfterASuccess() {
    var backoff = new RetryBackoff();
    assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(20));
    for (int i = 0; i < 30; i++) backoff.failed("a");
    assertThat(backoff.failed("a")).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.failed("b")).as("objects are counted apart").isEqualTo(Duration.ofSeconds(5));
    backoff.succeeded("a");
    assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(5));
  }
}
