package dev.keelson.shop.queue;

import dev.keelson.shop.common.CorrelationIdFilter;
import dev.keelson.shop.common.KafkaProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One worker's consumer loop on its own thread: see {@link QueueWorker} for what it guarantees.
 * {@link #close()} finishes the record in hand, commits it, and leaves the group.
 */
public final class QueueConsumer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(QueueConsumer.class);
  static final String ATTEMPT_HEADER = "attempt";
  static final String ERROR_HEADER = "error";
  /** More attempts than any WorkerPool allows: such a header was not written by a worker. */
  private static final int MAX_ATTEMPT = 1_000;

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration LAST_BACKOFF = Duration.ofSeconds(30);

  private final QueueSettings settings;
  private final QueueHandler handler;
  private final KafkaProvider kafka;
  private final ProcessedEvents processed;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile ConsumerHealth health;

  public QueueConsumer(QueueSettings settings, QueueHandler handler, KafkaProvider kafka, ProcessedEvents processed, MeterRegistry metrics,
      Clock clock) {
    this.settings = settings;
    this.handler = handler;
    this.kafka = kafka;
    this.processed = processed;
    this.metrics = metrics;
    this.clock = clock;
    this.health = ConsumerHealth.started(clock.instant());
    this.thread = new Thread(this::run, "queue-worker-" + handler.service());
    this.thread.start();
  }

  /**
   * Stops after the record in hand: the loop sees the flag within one poll (half a second), commits
   * what it handled and leaves the group; only a handler still busy after 5 s is woken out of its wait.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    closing.countDown();
    thread.join(TimeUnit.SECONDS.toMillis(5));
    var current = consumer;
    if (thread.isAlive() && current != null) current.wakeup();
    thread.join(TimeUnit.SECONDS.toMillis(25));
  }

  /** How the loop is doing now, with whether its thread still runs. */
  public ConsumerHealth health() {
    return health.withThread(thread.isAlive(), !running);
  }

  /**
   * Consumes until closed. Whatever stops a consumer (MongoDB or Kafka unreachable, a record that
   * cannot be passed on) closes it without committing past the record in hand, and a new one
   * starts after a backoff (1 s doubling to 30 s) from the committed offsets: nothing is skipped, and
   * de-duplication absorbs what is delivered again. The failure shows in {@link #health()} until a
   * poll succeeds again.
   */
  private void run() {
    while (running) {
      try {
        consume();
      } catch (WakeupException e) {
        // SIGTERM: the record in hand was finished and committed; leave the group.
      } catch (RuntimeException e) {
        if (!running) break;
        health = health.failed(e, clock.instant());
        Duration backoff = backoff(health.consecutiveFailures());
        metrics.counter("queue_consumer_restarts_total").increment();
        LOG.errorf(e, "queue worker of %s failed (%d in a row): %s; a new consumer starts in %s", handler.service(),
            health.consecutiveFailures(), e.getMessage(), backoff);
        try {
          if (closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) break;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
  }

  /** 1 s after the first failure in a row, doubling up to 30 s; a successful poll starts again at 1 s. */
  static Duration backoff(int failuresInARow) {
    var backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failuresInARow - 1, 5));
    return backoff.compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : backoff;
  }

  private void consume() {
    var properties = kafka.clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    try (var bound = new KafkaClientMetrics(consumer)) {
      bound.bindTo(metrics);
      consumer.subscribe(settings.subscription());
      var pausedUntil = new HashMap<TopicPartition, Long>();
      while (running) {
        var records = consumer.poll(Duration.ofMillis(500));
        // Offsets move only past records handled or passed on, once per poll: a crash redelivers the rest, which de-duplication absorbs.
        var handled = new HashMap<TopicPartition, OffsetAndMetadata>();
        // One look-up per poll for the whole batch; ids handled within it join the set.
        var done = records.isEmpty() ? new HashSet<String>() : processed.seenAmong(settings.group(), eventIds(records));
        for (var partition : records.partitions()) {
          for (var record : records.records(partition)) {
            long due = record.timestamp() + RetryDelay.of(record.topic()).toMillis();
            if (due > clock.millis()) {
              consumer.pause(List.of(partition));
              consumer.seek(partition, record.offset());
              pausedUntil.put(partition, due);
              break;
            }
            process(record, done);
            handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
            if (!running) break;
          }
          if (!running) break;
        }
        if (!handled.isEmpty()) consumer.commitSync(handled);
        long now = clock.millis();
        var ready = pausedUntil.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList();
        if (!ready.isEmpty()) {
          consumer.resume(ready);
          ready.forEach(pausedUntil::remove);
        }
        health = health.polled(clock.instant(), consumer.assignment().size());
      }
    } finally {
      consumer.close(Duration.ofSeconds(10));
    }
  }

  private static String eventId(ConsumerRecord<String, String> record) {
    return header(record, "event-id").orElse(record.topic() + "-" + record.partition() + "-" + record.offset());
  }

  private static List<String> eventIds(ConsumerRecords<String, String> records) {
    var ids = new ArrayList<String>(records.count());
    records.forEach(record -> ids.add(eventId(record)));
    return ids;
  }

  /** Handles a record unless its event is in {@code done} (handled before), and adds it there once handled. */
  private void process(ConsumerRecord<String, String> record, Set<String> done) {
    String eventId = eventId(record);
    String consumerGroup = settings.group();
    if (done.contains(eventId)) {
      metrics.counter("queue_records_total", "result", "duplicate").increment();
      return;
    }
    header(record, CorrelationIdFilter.KAFKA_HEADER).ifPresentOrElse(id -> MDC.put(CorrelationIdFilter.MDC_KEY, id),
        () -> MDC.remove(CorrelationIdFilter.MDC_KEY));
    int attempt;
    try {
      attempt = attempt(record);
    } catch (IllegalArgumentException e) {
      // Nobody can tell which attempt this is: straight to the dead-letter topic, saying why.
      passOn(record, eventId, Integer.MAX_VALUE, e);
      return;
    }
    var queued = new QueueRecord(eventId, record.key(), record.value(), attempt, record.timestamp());
    try {
      handler.handle(queued);
    } catch (Exception e) {
      passOn(record, eventId, attempt + 1, e);
      return;
    }
    // Not caught: a failure to remember stops this consumer before it commits past the record.
    processed.remember(consumerGroup, eventId);
    done.add(eventId);
    metrics.counter("queue_records_total", "result", "handled").increment();
    try {
      handler.remembered(queued);
    } catch (Exception e) {
      LOG.warnf("record %s: the %s worker could not tidy up after it: %s", eventId, handler.service(), e.getMessage());
    }
  }

  /** The attempt a retried record carries (0 for a first delivery). */
  private static int attempt(ConsumerRecord<String, String> record) {
    var value = header(record, ATTEMPT_HEADER);
    if (value.isEmpty()) return 0;
    try {
      int attempt = Integer.parseInt(value.get().trim());
      if (attempt < 0 || attempt > MAX_ATTEMPT) throw new NumberFormatException();
      return attempt;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the record's " + ATTEMPT_HEADER + " header is not an attempt number: '"
          + value.get().substring(0, Math.min(value.get().length(), 20)) + "'");
    }
  }

  /** Sends a failed record to the retry topic of its next attempt, or to the dead-letter topic after the last one. */
  private void passOn(ConsumerRecord<String, String> record, String eventId, int attempt, Exception error) {
    var retries = settings.retryTopics();
    boolean retry = attempt <= settings.attempts() && !retries.isEmpty();
    String attemptHeader = Integer.toString(attempt == Integer.MAX_VALUE ? settings.attempts() + 1 : attempt);
    String target = retry ? retries.get(Math.min(attempt, retries.size()) - 1) : settings.deadLetterTopic();
    var out = new ProducerRecord<>(target, record.key(), record.value());
    out.headers().add("event-id", eventId.getBytes(StandardCharsets.UTF_8));
    header(record, CorrelationIdFilter.KAFKA_HEADER).ifPresent(id -> out.headers().add(CorrelationIdFilter.KAFKA_HEADER,
        id.getBytes(StandardCharsets.UTF_8)));
    out.headers().add(ATTEMPT_HEADER, attemptHeader.getBytes(StandardCharsets.UTF_8));
    out.headers().add(ERROR_HEADER, String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8));
    try {
      kafka.producer().send(out).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Not passed on: do not commit past it; the consumer restarts from it.
      throw new IllegalStateException("could not pass record " + eventId + " on to " + target + ": " + e.getMessage(), e);
    }
    metrics.counter("queue_records_total", "result", retry ? "retried" : "dead").increment();
    LOG.warnf("record %s failed (attempt %s): %s; sent to %s", eventId, attemptHeader, error.getMessage(), target);
  }

  private static Optional<String> header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }
}
