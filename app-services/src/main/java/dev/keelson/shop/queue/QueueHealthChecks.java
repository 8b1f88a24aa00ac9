package dev.keelson.shop.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * A worker's consumer as its probes see it (check {@code queue-worker}): not ready while its
 * consumer is failing, so the WorkerPool's status shows it; not live once its loop has ended or
 * stalled, so the kubelet restarts the pod. A process that is no worker reports up.
 */
@ApplicationScoped
public class QueueHealthChecks {
  static final String NAME = "queue-worker";
  private final QueueWorker worker;
  private final Clock clock;
  private final Duration stall;

  public QueueHealthChecks(QueueWorker worker, Clock clock,
      @ConfigProperty(name = "keelson.queue.stall-timeout", defaultValue = "5m") Duration stall) {
    this.worker = worker;
    this.clock = clock;
    this.stall = stall;
  }

  @Produces
  @Readiness
  HealthCheck consuming() {
    return () -> worker.health().map(health -> described(health).status(health.consuming()).build())
        .orElseGet(QueueHealthChecks::noWorker);
  }

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> worker.health().map(health -> described(health).status(!health.dead(clock.instant(), stall)).build())
        .orElseGet(QueueHealthChecks::noWorker);
  }

  private static HealthCheckResponseBuilder described(ConsumerHealth health) {
    var builder = HealthCheckResponse.named(NAME)
        .withData("consecutiveFailures", health.consecutiveFailures())
        .withData("restarts", health.restarts())
        .withData("partitions", health.partitions())
        .withData("lastProgress", health.lastProgress().toString())
        .withData("threadAlive", health.threadAlive());
    health.lastError().ifPresent(error -> builder.withData("lastError", error));
    return builder;
  }

  private static HealthCheckResponse noWorker() {
    return HealthCheckResponse.named(NAME).up().withData("worker", "none").build();
  }
}
