package dev.keelson.shop.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.shop.common.KafkaProvider;
import dev.keelson.shop.testing.ShopTestResources;
import dev.keelson.shop.testing.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * A worker's consumer loop on a real in-process broker, with MongoDB's de-duplication behind a
 * double that fails on demand: the loop survives what stops a consumer and says so meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
class QueueConsumerRecoveryTest {

  /** The real de-duplication, unreachable for the next {@code failures} look-ups. */
  static final class FlakyProcessedEvents extends ProcessedEvents {
    private final ProcessedEvents real;
    final AtomicInteger failures = new AtomicInteger();

    FlakyProcessedEvents(ProcessedEvents real) {
      super(null, Duration.ZERO);
      this.real = real;
    }

    @Override
    public Set<String> seenAmong(String group, Collection<String> eventIds) {
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("Timed out while waiting for a server that matches ReadPreferenceServerSelector");
      }
      return real.seenAmong(group, eventIds);
    }

    @Override
    public void remember(String group, String eventId) {
      real.remember(group, eventId);
    }
  }

  /** Records what it handled. */
  static final class Recording implements QueueHandler {
    final Queue<String> handled = new ConcurrentLinkedQueue<>();

    @Override
    public String service() {
      return "test";
    }

    @Override
    public void handle(QueueRecord record) {
      handled.add(record.value());
    }
  }

  @Test
  void aMongoDbOutageStopsTheConsumerOnlyUntilItAnswersAgainAndNothingIsSkipped() throws Exception {
    var queue = freshQueue();
    var processed = new FlakyProcessedEvents(Arc.container().instance(ProcessedEvents.class).get());
    processed.failures.set(2);
    var handler = new Recording();
    try (var consumer = consumer(queue, processed, handler)) {
      for (int i = 0; i < 3; i++) Topics.publish(queue.topic(), "k", "record-" + i, UUID.randomUUID().toString());

      await().atMost(Duration.ofSeconds(30)).until(() -> handler.handled.size() >= 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> consumer.health().consuming());
      assertThat(handler.handled).containsExactly("record-0", "record-1", "record-2");
      var health = consumer.health();
      assertThat(health.restarts()).isEqualTo(2);
      assertThat(health.consecutiveFailures()).isZero();
      assertThat(health.lastError()).hasValueSatisfying(error -> assertThat(error).contains("ReadPreferenceServerSelector"));
      assertThat(health.dead(Clock.systemUTC().instant(), Duration.ofMinutes(5))).isFalse();
    }
  }

  @Test
  void whileTheConsumerFailsItIsNotConsumingAndItsFailureIsNamed() throws Exception {
    var queue = freshQueue();
    var processed = new FlakyProcessedEvents(Arc.container().instance(ProcessedEvents.class).get());
    processed.failures.set(Integer.MAX_VALUE);
    var handler = new Recording();
    try (var consumer = consumer(queue, processed, handler)) {
      Topics.publish(queue.topic(), "k", "waits", UUID.randomUUID().toString());
      await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.health().consuming());
      assertThat(consumer.health().lastError()).hasValueSatisfying(error -> assertThat(error).startsWith("IllegalStateException: Timed out"));
      assertThat(handler.handled).isEmpty();
      assertThat(consumer.health().dead(Clock.systemUTC().instant(), Duration.ofMinutes(5))).isFalse();

      processed.failures.set(0);
      await().atMost(Duration.ofSeconds(40)).until(() -> handler.handled.contains("waits"));
      await().atMost(Duration.ofSeconds(10)).until(() -> consumer.health().consuming());
    }
    assertThat(handler.handled).containsExactly("waits");
  }

  @Test
  void aRecordWithAnUnreadableAttemptGoesToTheDeadLetterTopicAndTheNextOneIsHandled() throws Exception {
    var queue = freshQueue();
    var handler = new Recording();
    try (var consumer = consumer(queue, Arc.container().instance(ProcessedEvents.class).get(), handler)) {
      Topics.publishWithHeaders(queue.topic(), "k", "bad", Map.of("event-id", UUID.randomUUID().toString(), "attempt", "2147483647x"));
      Topics.publish(queue.topic(), "k", "good", UUID.randomUUID().toString());

      await().atMost(Duration.ofSeconds(30)).until(() -> handler.handled.contains("good"));
      var dead = await().atMost(Duration.ofSeconds(20)).until(() -> Topics.readAll(queue.deadLetterTopic()), l -> !l.isEmpty());
      assertThat(dead).singleElement().satisfies(record -> {
        assertThat(record.value()).isEqualTo("bad");
        assertThat(record.error()).isEqualTo("the record's attempt header is not an attempt number: '2147483647x'");
      });
      assertThat(handler.handled).containsExactly("good");
      assertThat(consumer.health().restarts()).isZero();
    }
  }

  @Test
  void handledEventsAreRememberedForTheRetentionOnly() {
    var processed = Arc.container().instance(ProcessedEvents.class).get();
    processed.remember("ttl-workers", "event-1");
    var mongo = Arc.container().instance(dev.keelson.shop.common.MongoProvider.class).get();
    var indexes = mongo.database().getCollection("processed_events").listIndexes().into(new java.util.ArrayList<>());
    assertThat(indexes).filteredOn(index -> ProcessedEvents.TTL_INDEX.equals(index.getString("name"))).singleElement()
        .satisfies(index -> {
          assertThat(index.get("key", org.bson.Document.class)).containsEntry("at", 1);
          assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(7).toSeconds());
        });
    assertThat(processed.seenAmong("ttl-workers", List.of("event-1", "event-2"))).containsExactly("event-1");
  }

  private static QueueConsumer consumer(QueueSettings queue, ProcessedEvents processed, QueueHandler handler) {
    return new QueueConsumer(queue, handler, Arc.container().instance(KafkaProvider.class).get(), processed, new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  /** A queue of its own (one partition, so records are consumed in order), with its dead-letter topic. */
  private static QueueSettings freshQueue() throws Exception {
    String topic = "recovery-" + UUID.randomUUID().toString().substring(0, 8);
    try (var admin = Admin.create(Map.of("bootstrap.servers", ShopTestResources.kafkaBootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    }
    return new QueueSettings(topic, topic + "-workers", List.of(), 1, topic + ".dlq");
  }
}
