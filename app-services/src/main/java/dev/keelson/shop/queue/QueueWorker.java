package dev.keelson.shop.queue;

import dev.keelson.shop.common.KafkaProvider;
import dev.keelson.shop.common.SelectedService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The worker of a WorkerPool: consumes the queue Keelson names in the environment
 * ({@code KEELSON_QUEUE_TOPIC}, {@code _CONSUMER_GROUP}, {@code _RETRY_TOPICS},
 * {@code _RETRY_ATTEMPTS}, {@code _DEAD_LETTER_TOPIC}) with the handler of the service it runs as.
 * <ul>
 *   <li>a record is handled once per event id (a repeat is dropped), and its offset committed only
 *       after it was handled or passed on;
 *   <li>a failure goes to the retry topic of its attempt (the last one repeats) with the attempt
 *       in a header, and after the last attempt to the dead-letter topic with the error;
 *   <li>a retry record is handled only once its topic's delay has passed since it was written
 *       (its partition is paused until then);
 *   <li>on SIGTERM the record in hand is finished and committed before the consumer leaves.
 * </ul>
 */
@ApplicationScoped
public class QueueWorker {
  private static final Logger LOG = Logger.getLogger(QueueWorker.class);
  static final String ATTEMPT_HEADER = "attempt";
  static final String ERROR_HEADER = "error";

  private final KafkaProvider kafka;
  private final ProcessedEvents processed;
  private final Instance<QueueHandler> handlers;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Optional<String> topic;
  private final Optional<String> group;
  private final Optional<List<String>> retryTopics;
  private final int attempts;
  private final Optional<String> deadLetterTopic;
  private final String service;
  private volatile boolean running;
  private Thread thread;
  private KafkaConsumer<String, String> consumer;

  public QueueWorker(KafkaProvider kafka, ProcessedEvents processed, Instance<QueueHandler> handlers, MeterRegistry metrics, Clock clock,
      SelectedService selected,
      @ConfigProperty(name = "keelson.queue.topic") Optional<String> topic,
      @ConfigProperty(name = "keelson.queue.consumer-group") Optional<String> group,
      @ConfigProperty(name = "keelson.queue.retry-topics") Optional<List<String>> retryTopics,
      @ConfigProperty(name = "keelson.queue.retry-attempts", defaultValue = "3") int attempts,
      @ConfigProperty(name = "keelson.queue.dead-letter-topic") Optional<String> deadLetterTopic,
      @ConfigProperty(name = "keelson.queue.service") Optional<String> service) {
    this.kafka = kafka;
    this.processed = processed;
    this.handlers = handlers;
    this.metrics = metrics;
    this.clock = clock;
    this.topic = topic;
    this.group = group;
    this.retryTopics = retryTopics;
    this.attempts = attempts;
    this.deadLetterTopic = deadLetterTopic;
    this.service = service.orElse(selected.name());
  }

  void start(@Observes StartupEvent event) {
    if (topic.isEmpty()) return;
    var handler = handlers.stream().filter(h -> h.service().equals(service)).findFirst()
        .orElseThrow(() -> new IllegalStateException("KEELSON_QUEUE_TOPIC is set, but the " + service + " service has no queue worker"));
    running = true;
    thread = new Thread(() -> run(handler), "queue-worker");
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (thread == null) return;
    running = false;
    if (consumer != null) consumer.wakeup();
    thread.join(TimeUnit.SECONDS.toMillis(30));
  }

  private void run(QueueHandler handler) {
    var properties = kafka.clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group.orElseThrow(() -> new IllegalStateException("KEELSON_QUEUE_CONSUMER_GROUP is not set")));
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    var topics = new ArrayList<String>();
    topics.add(topic.get());
    retryTopics.ifPresent(list -> list.stream().map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add));
    consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    try (var bound = new KafkaClientMetrics(consumer)) {
      bound.bindTo(metrics);
      consumer.subscribe(topics);
      var pausedUntil = new HashMap<TopicPartition, Long>();
      while (running) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (var partition : records.partitions()) {
          for (var record : records.records(partition)) {
            long due = record.timestamp() + RetryDelay.of(record.topic()).toMillis();
            if (due > clock.millis()) {
              consumer.pause(List.of(partition));
              consumer.seek(partition, record.offset());
              pausedUntil.put(partition, due);
              break;
            }
            process(handler, record);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            if (!running) break;
          }
          if (!running) break;
        }
        long now = clock.millis();
        var ready = pausedUntil.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList();
        if (!ready.isEmpty()) {
          consumer.resume(ready);
          ready.forEach(pausedUntil::remove);
        }
      }
    } catch (WakeupException e) {
      // SIGTERM: the record in hand was finished and committed; leave the group.
    } catch (RuntimeException e) {
      LOG.errorf(e, "queue worker stopped: %s", e.getMessage());
    } finally {
      consumer.close(Duration.ofSeconds(10));
    }
  }

  private void process(QueueHandler handler, ConsumerRecord<String, String> record) {
    String eventId = header(record, "event-id").orElse(record.topic() + "-" + record.partition() + "-" + record.offset());
    int attempt = header(record, ATTEMPT_HEADER).map(Integer::parseInt).orElse(0);
    String consumerGroup = group.get();
    if (processed.seen(consumerGroup, eventId)) {
      metrics.counter("queue_records_total", "result", "duplicate").increment();
      return;
    }
    try {
      handler.handle(new QueueRecord(eventId, record.key(), record.value(), attempt, record.timestamp()));
      processed.remember(consumerGroup, eventId);
      metrics.counter("queue_records_total", "result", "handled").increment();
    } catch (Exception e) {
      passOn(record, eventId, attempt + 1, e);
    }
  }

  /** Sends a failed record to the retry topic of its next attempt, or to the dead-letter topic after the last one. */
  private void passOn(ConsumerRecord<String, String> record, String eventId, int attempt, Exception error) {
    var retries = retryTopics.orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    boolean retry = attempt <= attempts && !retries.isEmpty();
    String target = retry ? retries.get(Math.min(attempt, retries.size()) - 1)
        : deadLetterTopic.orElseThrow(() -> new IllegalStateException("KEELSON_QUEUE_DEAD_LETTER_TOPIC is not set"));
    var out = new ProducerRecord<>(target, record.key(), record.value());
    out.headers().add("event-id", eventId.getBytes(StandardCharsets.UTF_8));
    out.headers().add(ATTEMPT_HEADER, Integer.toString(attempt).getBytes(StandardCharsets.UTF_8));
    out.headers().add(ERROR_HEADER, String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8));
    try {
      kafka.producer().send(out).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Not passed on: do not commit past it; the consumer restarts from it.
      throw new IllegalStateException("could not pass record " + eventId + " on to " + target + ": " + e.getMessage(), e);
    }
    metrics.counter("queue_records_total", "result", retry ? "retried" : "dead").increment();
    LOG.warnf("record %s failed (attempt %d): %s; sent to %s", eventId, attempt, error.getMessage(), target);
  }

  private static Optional<String> header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }
}
