package dev.keelson.shop.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a worker's consumer loop is doing, for its health checks and its logs.
 *
 * @param lastProgress the end of the latest poll, or of the latest failure: the loop was not stuck then
 * @param consecutiveFailures consumers stopped by a failure since the latest successful poll
 * @param lastError the latest failure, kept after recovery for the record
 * @param restarts consumers stopped by a failure since the process started
 * @param partitions partitions assigned at the latest poll
 * @param threadAlive whether the loop's thread still runs
 * @param closed whether the loop was asked to stop (SIGTERM)
 */
public record ConsumerHealth(Instant lastProgress, int consecutiveFailures, Optional<String> lastError, int restarts, int partitions,
    boolean threadAlive, boolean closed) {

  static ConsumerHealth started(Instant now) {
    return new ConsumerHealth(now, 0, Optional.empty(), 0, 0, true, false);
  }

  ConsumerHealth polled(Instant now, int assigned) {
    return new ConsumerHealth(now, 0, lastError, restarts, assigned, threadAlive, closed);
  }

  ConsumerHealth failed(Exception error, Instant now) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    return new ConsumerHealth(now, consecutiveFailures + 1, Optional.of(text), restarts + 1, 0, threadAlive, closed);
  }

  ConsumerHealth withThread(boolean alive, boolean stopping) {
    return new ConsumerHealth(lastProgress, consecutiveFailures, lastError, restarts, partitions, alive, stopping);
  }

  /** Consuming: the latest poll succeeded. */
  public boolean consuming() {
    return consecutiveFailures == 0 && threadAlive;
  }

  /**
   * Worth restarting the process for: the loop's thread ended although nobody closed it, or the loop
   * has made no progress for longer than {@code stall} (a handler that never returns).
   */
  public boolean dead(Instant now, Duration stall) {
    if (closed) return false;
    return !threadAlive || Duration.between(lastProgress, now).compareTo(stall) > 0;
  }
}
