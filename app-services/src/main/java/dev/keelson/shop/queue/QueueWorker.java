package dev.keelson.shop.queue;

import dev.keelson.shop.common.KafkaProvider;
import dev.keelson.shop.common.SelectedService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The worker of a WorkerPool: consumes the queue Keelson names in the environment
 * ({@code KEELSON_QUEUE_TOPIC}, {@code _CONSUMER_GROUP}, {@code _RETRY_TOPICS},
 * {@code _RETRY_ATTEMPTS}, {@code _DEAD_LETTER_TOPIC}) with the handler of the service it runs as
 * ({@code KEELSON_SERVICE}, or {@code keelson.queue.service}).
 * <ul>
 *   <li>a record is handled once per event id (a repeat is dropped), and its offset committed only
 *       after it was handled or passed on;
 *   <li>a failure goes to the retry topic of its attempt (the last one repeats) with the attempt
 *       in a header, and after the last attempt to the dead-letter topic with the error;
 *   <li>a retry record is handled only once its topic's delay has passed since it was written
 *       (its partition is paused until then);
 *   <li>a record whose headers cannot be read goes to the dead-letter topic, saying why;
 *   <li>whatever stops the consumer (MongoDB or Kafka unreachable) restarts it after a backoff from
 *       the committed offsets; meanwhile the {@code queue-worker} readiness check is down, and the
 *       liveness check is down only once the loop ended or stalled ({@link QueueHealthChecks});
 *   <li>on SIGTERM the record in hand is finished and committed before the consumer leaves.
 * </ul>
 */
@ApplicationScoped
public class QueueWorker {
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
  private volatile QueueConsumer consumer;

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
    var settings = new QueueSettings(topic.get(),
        group.orElseThrow(() -> new IllegalStateException("KEELSON_QUEUE_CONSUMER_GROUP is not set")),
        retryTopics.orElse(List.of()), attempts,
        deadLetterTopic.orElseThrow(() -> new IllegalStateException("KEELSON_QUEUE_DEAD_LETTER_TOPIC is not set")));
    consumer = start(settings, handler(service));
  }

  /** The handler of a service's worker. */
  public QueueHandler handler(String service) {
    return handlers.stream().filter(h -> h.service().equals(service)).findFirst()
        .orElseThrow(() -> new IllegalStateException("KEELSON_QUEUE_TOPIC is set, but the " + service + " service has no queue worker"));
  }

  /** Starts a consumer of that queue with that handler; closing it stops it. */
  public QueueConsumer start(QueueSettings settings, QueueHandler handler) {
    return new QueueConsumer(settings, handler, kafka, processed, metrics, clock);
  }

  /** The worker's consumer as it is doing now; empty when this process is no worker. */
  public Optional<ConsumerHealth> health() {
    return Optional.ofNullable(consumer).map(QueueConsumer::health);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (consumer != null) consumer.close();
  }
}
