package dev.keelson.shop.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a worker's consumer counts as consuming (readiness) and as dead (liveness). */
class ConsumerHealthTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration STALL = Duration.ofMinutes(5);

  @Test
  void aFailureMakesItNotConsumingUntilThePollAfter() {
    var failed = ConsumerHealth.started(T0).failed(new IllegalStateException("MongoDB timed out"), T0.plusSeconds(1));
    assertThat(failed.consuming()).isFalse();
    assertThat(failed.dead(T0.plusSeconds(30), STALL)).isFalse();
    var recovered = failed.polled(T0.plusSeconds(3), 2);
    assertThat(recovered.consuming()).isTrue();
    assertThat(recovered.restarts()).isEqualTo(1);
    assertThat(recovered.lastError()).contains("IllegalStateException: MongoDB timed out");
  }

  @Test
  void deadWhenItsThreadEndedUnclosedOrItMadeNoProgressForTooLong() {
    var polled = ConsumerHealth.started(T0).polled(T0, 1);
    assertThat(polled.withThread(false, false).dead(T0, STALL)).isTrue();
    assertThat(polled.withThread(false, false).consuming()).isFalse();
    assertThat(polled.withThread(false, true).dead(T0, STALL)).isFalse();
    assertThat(polled.withThread(true, false).dead(T0.plus(STALL), STALL)).isFalse();
    assertThat(polled.withThread(true, false).dead(T0.plus(STALL).plusSeconds(1), STALL)).isTrue();
  }
}
