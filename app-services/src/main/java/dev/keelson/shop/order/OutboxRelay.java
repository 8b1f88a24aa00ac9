package dev.keelson.shop.order;

import dev.keelson.shop.common.CorrelationIdFilter;
import dev.keelson.shop.common.KafkaProvider;
import dev.keelson.shop.common.SelectedService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves events from the orders' outboxes to {@code order-events}: publish (idempotent producer,
 * acks=all, waiting for the broker's acknowledgement), then take the event out of the outbox. A
 * crash after the publish and before the removal publishes that event again on the next run: at
 * least once, with the event id in a header and the payload so consumers drop the repeat. Runs
 * every {@code keelson.outbox.interval}, and at once after each order change.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  static final int BATCH = 100;

  private final OrderRepository orders;
  private final KafkaProvider kafka;
  private final SelectedService service;
  private final Duration interval;
  private ScheduledExecutorService executor;

  public OutboxRelay(OrderRepository orders, KafkaProvider kafka, SelectedService service, MeterRegistry metrics,
      @ConfigProperty(name = "keelson.outbox.interval", defaultValue = "1s") Duration interval) {
    this.orders = orders;
    this.kafka = kafka;
    this.service = service;
    this.interval = interval;
    metrics.gauge("order_outbox_depth", this, relay -> relay.depth());
  }

  void start(@Observes StartupEvent event) {
    if (!service.runs("order")) return;
    executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "outbox-relay"));
    executor.scheduleWithFixedDelay(this::drainQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (executor != null) executor.shutdown();
  }

  /** Asks for a run now (after an order change), without waiting for it. */
  public void wake() {
    if (executor != null) executor.execute(this::drainQuietly);
  }

  /** Publishes every waiting event; how many were published. Stops at the first failure, which the next run retries. */
  public synchronized int drain() {
    String topic = kafka.topic("order-events");
    int published = 0;
    for (var event : orders.pending(BATCH)) {
      var record = new ProducerRecord<String, String>(topic, event.orderId(), event.payload());
      record.headers().add(OrderEvent.EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
      if (event.correlationId() != null) {
        record.headers().add(CorrelationIdFilter.KAFKA_HEADER, event.correlationId().getBytes(StandardCharsets.UTF_8));
      }
      try {
        kafka.producer().send(record).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        LOG.warnf("outbox: could not publish event %s of order %s: %s", event.eventId(), event.orderId(), e.getMessage());
        break;
      }
      orders.published(event);
      published++;
    }
    return published;
  }

  private void drainQuietly() {
    try {
      drain();
    } catch (RuntimeException e) {
      LOG.warnf("outbox: run failed, retried in %s: %s", interval, e.getMessage());
    }
  }

  private double depth() {
    try {
      return orders.outboxDepth();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
