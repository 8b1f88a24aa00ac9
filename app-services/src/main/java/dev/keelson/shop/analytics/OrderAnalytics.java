package dev.keelson.shop.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keelson.shop.common.KafkaProvider;
import dev.keelson.shop.queue.QueueHandler;
import dev.keelson.shop.queue.QueueRecord;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The analytics worker: counts each OrderCreated event into the 5-minute tumbling window of its
 * event time (orders, revenue, products), exactly once per event id, also when a failure after
 * the count sends the event round a retry topic (see {@link WindowRepository#add}). The watermark is the latest event time seen; a window
 * closes once the watermark passes its end plus {@code keelson.analytics.allowed-lateness}, after
 * which its numbers are final: it is published once on {@code analytics-events} (at least once: a
 * crash between the publish and the mark publishes it again, with the window start as key), and
 * an event that arrives for it later is dropped and counted in {@code analytics_late_events_total}.
 */
@ApplicationScoped
public class OrderAnalytics implements QueueHandler {
  public static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  private final ObjectMapper json;
  private final WindowRepository windows;
  private final KafkaProvider kafka;
  private final MeterRegistry metrics;
  private final Duration lateness;

  public OrderAnalytics(ObjectMapper json, WindowRepository windows, KafkaProvider kafka, MeterRegistry metrics,
      @ConfigProperty(name = "keelson.analytics.allowed-lateness", defaultValue = "10m") Duration lateness) {
    this.json = json;
    this.windows = windows;
    this.kafka = kafka;
    this.metrics = metrics;
    this.lateness = lateness;
  }

  @Override
  public String service() {
    return "analytics";
  }

  /** The start of the window an event time falls in. */
  public static Instant windowStart(Instant eventTime) {
    long size = WINDOW.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(eventTime.toEpochMilli(), size) * size);
  }

  @Override
  public void handle(QueueRecord record) throws Exception {
    JsonNode event = json.readTree(record.value());
    if (!"OrderCreated".equals(event.path("type").asText())) return;
    Instant occurredAt = Instant.parse(event.path("occurredAt").asText());
    Instant start = windowStart(occurredAt);
    Instant end = start.plus(WINDOW);
    Instant closesAt = end.plus(lateness);
    if (!closesAt.isAfter(windows.watermark())) {
      metrics.counter("analytics_late_events_total").increment();
      return;
    }
    var lines = new ArrayList<WindowRepository.Line>();
    for (JsonNode item : event.path("items")) {
      String productId = item.path("productId").asText();
      if (!ID.matcher(productId).matches()) throw new IllegalArgumentException("order event has an invalid product id");
      lines.add(new WindowRepository.Line(productId, item.path("name").asText(), item.path("quantity").asInt()));
    }
    if (!windows.add(record.eventId(), start, end, closesAt, event.path("totalCents").asLong(), lines)) {
      metrics.counter("analytics_repeated_events_total").increment();
    }
    publishClosed(windows.advanceWatermark(occurredAt));
  }

  @Override
  public void remembered(QueueRecord record) throws Exception {
    JsonNode event = json.readTree(record.value());
    if (!"OrderCreated".equals(event.path("type").asText())) return;
    windows.forget(windowStart(Instant.parse(event.path("occurredAt").asText())), record.eventId());
  }

  private void publishClosed(Instant watermark) throws Exception {
    String topic = kafka.topic("analytics-events");
    for (var window : windows.closedUnpublished(watermark)) {
      kafka.producer().send(new ProducerRecord<>(topic, window.start().toString(), json.writeValueAsString(window))).get(30, TimeUnit.SECONDS);
      windows.markPublished(window.start());
    }
  }
}
