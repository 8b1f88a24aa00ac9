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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
  private final Set<String> woken = new LinkedHashSet<>();
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
   * Publishes the order's new events soon, without making the caller wait (after an order change):
   * a lookup by id, so the latency of an event does not grow with the number of orders. Orders
   * changed while the relay is busy are published together in its next round (one read, one send,
   * one clean-up), so the relay keeps up with the request rate. The periodic run catches whatever
   * this misses (a crash, a failed send).
   */
  public void wake(String orderId) {
    if (executor == null) return;
    boolean first;
    synchronized (woken) {
      first = woken.isEmpty();
      woken.add(orderId);
    }
    if (first) executor.execute(this::publishWoken);
  }

  private void publishWoken() {
    List<String> ids;
    synchronized (woken) {
      ids = List.copyOf(woken);
      woken.clear();
    }
    try {
      publish(orders.pendingOf(ids));
    } catch (RuntimeException e) {
      LOG.warnf("outbox: %d orders left for the next run: %s", ids.size(), e.getMessage());
    }
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

  /**
   * Sends the events at once and clears the ones the broker acknowledged, up to the first failure;
   * how many. Synchronized with the periodic run, so that the same events are not sent twice meanwhile.
   */
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
    int acknowledged = 0;
    for (; acknowledged < batch.size(); acknowledged++) {
      try {
        sent.get(acknowledged).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        var event = batch.get(acknowledged);
        LOG.warnf("outbox: could not publish event %s of order %s: %s", event.eventId(), event.orderId(), e.getMessage());
        break;
      }
    }
    orders.published(batch.subList(0, acknowledged));
    return acknowledged;
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
