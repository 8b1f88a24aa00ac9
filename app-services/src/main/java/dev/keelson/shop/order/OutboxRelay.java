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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves events from the orders' outboxes to {@code order-events}: publish (idempotent producer,
 * acks=all, waiting for the broker's acknowledgement), then take the event out of the outbox. A
 * crash after the publish and before the removal publishes that event again on the next run: at
 * least once, with the event id in a header and the payload so consumers drop the repeat. Each
 * order change is published at once; a run every {@code keelson.outbox.interval} publishes what
 * that missed.
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

  /**
   * Publishes the order's new events now, without waiting for them (after an order change): a
   * lookup by id, so the latency of an event does not grow with the number of orders; the
   * periodic run catches whatever this misses (a crash, a failed send).
   */
  public void wake(String orderId) {
    if (executor != null) executor.execute(() -> {
      try {
        publishOrder(orderId);
      } catch (RuntimeException e) {
        LOG.warnf("outbox: order %s left for the next run: %s", orderId, e.getMessage());
      }
    });
  }

  /**
   * Publishes every waiting event; how many were published. A batch is sent at once (the
   * producer keeps each order's events in sequence on its partition) and each event leaves the
   * outbox once the broker has acknowledged it; at the first failure the run stops, and the next
   * run retries what is left (some of it perhaps published already: at least once).
   */
  public synchronized int drain() {
    int published = 0;
    while (true) {
      var batch = orders.pending(BATCH);
      if (batch.isEmpty()) return published;
      int sent = publish(batch);
      published += sent;
      if (sent < batch.size() || batch.size() < BATCH) return published;
    }
  }

  /** Read and publish under the relay's lock, so that a periodic run cannot send the same events meanwhile. */
  private synchronized void publishOrder(String orderId) {
    publish(orders.pendingOf(orderId));
  }

  /** Sends the events at once and clears each one the broker acknowledged; how many, up to the first failure. */
  private synchronized int publish(List<OrderRepository.Pending> batch) {
    String topic = kafka.topic("order-events");
    var sent = new ArrayList<Future<RecordMetadata>>();
    for (var event : batch) {
      var record = new ProducerRecord<String, String>(topic, event.orderId(), event.payload());
      record.headers().add(OrderEvent.EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
      if (event.correlationId() != null) {
        record.headers().add(CorrelationIdFilter.KAFKA_HEADER, event.correlationId().getBytes(StandardCharsets.UTF_8));
      }
      sent.add(kafka.producer().send(record));
    }
    for (int i = 0; i < batch.size(); i++) {
      try {
        sent.get(i).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        LOG.warnf("outbox: could not publish event %s of order %s: %s", batch.get(i).eventId(), batch.get(i).orderId(), e.getMessage());
        return i;
      }
      orders.published(batch.get(i));
    }
    return batch.size();
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
