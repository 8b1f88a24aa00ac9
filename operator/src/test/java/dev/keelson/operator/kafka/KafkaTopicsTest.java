package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.kafka.KafkaAdmin.TopicState;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.GoldenFiles;
import dev.keelson.operator.testing.TestingKafkaAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The topic sync against a Kafka in memory ({@link TestingKafkaAdmin}): what it asks of Kafka, what
 * it reports, and what it leaves alone when Kafka fails or refuses. KafkaTopicsIT proves the same
 * against a real broker; here every failure can be had on demand.
 */
class KafkaTopicsTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final List<TopicDeclaration> ORDERS = List.of(new TopicDeclaration("orders", 6, null, null, "Service/orders"));

  final TestingKafkaAdmin kafka = new TestingKafkaAdmin();
  final KafkaTopics topics = new KafkaTopics(null, new KafkaConnections(Duration.ofSeconds(10), Clock.systemUTC(), (p, t, c) -> kafka));

  @Test
  void declaredTopicsAreCreatedOnceAndAnUnchangedDeclarationAsksNothing() {
    var platform = platform("Retain");
    var first = sync(platform, null, ORDERS, T0);
    assertThat(kafka.topics).containsOnlyKeys("shop.orders");
    assertThat(kafka.topics.get("shop.orders")).isEqualTo(new TopicState("shop.orders", 6, 1, Map.of("retention.ms", "86400000")));
    assertThat(first.retry()).isFalse();
    assertThat(first.status().ready()).isTrue();
    assertThat(first.status().reason()).isEqualTo(Reason.TOPICS_READY.toString());
    assertThat(first.status().topics()).extracting(TopicStatus::origin).containsExactly(TopicStatus.CREATED);

    int calls = kafka.calls.size();
    var again = sync(platform, first.status(), ORDERS, T0.plusSeconds(60));
    assertThat(kafka.calls).as("nothing changed: Kafka is not asked").hasSize(calls);
    assertThat(again.status()).isEqualTo(first.status());
  }

  @Test
  void aDecreaseOfPartitionsIsRefusedAndKafkaKeepsItsCount() {
    var platform = platform("Retain");
    var twelve = sync(platform, null, List.of(new TopicDeclaration("orders", 12, null, null, "Service/orders")), T0);
    var outcome = sync(platform, twelve.status(), ORDERS, T0.plusSeconds(5));
    assertThat(outcome.status().ready()).isFalse();
    assertThat(outcome.status().reason()).isEqualTo(Reason.PARTITION_DECREASE_REFUSED.toString());
    assertThat(kafka.topics.get("shop.orders").partitions()).isEqualTo(12);
    assertThat(kafka.calls).doesNotContain("increasePartitions", "delete");
  }

  @Test
  void aTopicThatExistedBeforeIsAdoptedAsFoundUnlessThePlatformManagesAdoptedTopics() {
    kafka.existing("shop.orders", 12, 1, Map.of("retention.ms", "3600000"));
    var outcome = sync(platform("Retain"), null, ORDERS, T0);
    assertThat(outcome.status().ready()).isTrue();
    assertThat(outcome.status().topics()).extracting(TopicStatus::origin).containsExactly(TopicStatus.ADOPTED);
    assertThat(kafka.topics.get("shop.orders")).as("its partitions and configs are its owner's")
        .isEqualTo(new TopicState("shop.orders", 12, 1, Map.of("retention.ms", "3600000")));
    assertThat(kafka.calls).containsExactly("describe");
  }

  @Test
  void aKafkaThatDoesNotAnswerKeepsTheManagedTopicsListedAndIsRetried() {
    var platform = platform("Delete");
    var ready = sync(platform, null, ORDERS, T0);
    kafka.down();
    var down = sync(platform, ready.status(), List.of(), T0.plusSeconds(5));
    assertThat(down.retry()).isTrue();
    assertThat(down.status().reason()).isEqualTo(Reason.KAFKA_UNAVAILABLE.toString());
    assertThat(down.status().message()).isEqualTo("Kafka at testing:9092 did not answer within 10s (describe)");
    assertThat(down.status().topics()).as("what Keelson manages is not forgotten").isEqualTo(ready.status().topics());
    assertThat(kafka.topics).containsOnlyKeys("shop.orders");

    kafka.up();
    var back = sync(platform, down.status(), List.of(), T0.plusSeconds(10));
    assertThat(kafka.topics).as("deletionPolicy Delete: the undeclared topic Keelson created goes once Kafka answers").isEmpty();
    assertThat(back.status().ready()).isTrue();
  }

  @Test
  void refusedCredentialsAreReportedAsSuch() {
    kafka.refusingCredentials();
    var outcome = sync(platform("Retain"), null, ORDERS, T0);
    assertThat(outcome.status().reason()).isEqualTo(Reason.KAFKA_AUTHENTICATION_FAILED.toString());
    assertThat(outcome.retry()).isTrue();
    assertThat(kafka.topics).isEmpty();
  }

  @Test
  void aTopicKafkaRefusesToCreateIsReportedAndTheOthersAreCreated() {
    kafka.refuse("create", "shop.payments", "PolicyViolationException: topic names must not contain 'payments'");
    var outcome = sync(platform("Retain"), null, List.of(ORDERS.get(0), new TopicDeclaration("payments", null, null, null, "Service/pay")),
        T0);
    assertThat(kafka.topics).containsOnlyKeys("shop.orders");
    assertThat(outcome.retry()).isTrue();
    var payments = outcome.status().topics().stream().filter(t -> t.name().equals("shop.payments")).findFirst().orElseThrow();
    assertThat(payments.reason()).isEqualTo(Reason.TOPIC_REFUSED_BY_KAFKA.toString());
    assertThat(payments.message()).isEqualTo("Kafka refused topic shop.payments: PolicyViolationException: topic names must not contain "
        + "'payments'");
    assertThat(outcome.status().reason()).isEqualTo(Reason.TOPIC_REFUSED_BY_KAFKA.toString());
  }

  @Test
  void underRetainAnUndeclaredTopicIsKept() {
    var platform = platform("Retain");
    var ready = sync(platform, null, ORDERS, T0);
    var released = sync(platform, ready.status(), List.of(), T0.plusSeconds(5));
    assertThat(kafka.topics).containsOnlyKeys("shop.orders");
    assertThat(kafka.calls).doesNotContain("delete");
    assertThat(released.status().ready()).isTrue();
  }

  private KafkaTopics.Outcome sync(Platform platform, KafkaStatus previous, List<TopicDeclaration> declarations, Instant now) {
    return topics.sync(platform, PlatformKafkas.all(platform).get(0), previous, declarations, now);
  }

  private static Platform platform(String deletionPolicy) {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: shop, uid: p-1}
        spec:
          deletionPolicy: %s
          kafka: {bootstrapServers: "testing:9092", topicDefaults: {partitions: 3, replicationFactor: 1, retention: 1d}}
        """.formatted(deletionPolicy), Platform.class);
  }
}
