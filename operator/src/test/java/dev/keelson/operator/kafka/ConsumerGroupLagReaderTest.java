package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.testing.GoldenFiles;
import dev.keelson.operator.testing.MutableClock;
import dev.keelson.operator.testing.TestingKafkaAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lag reads and offset carry-over through the Platform's admin client, against a Kafka in memory. */
class ConsumerGroupLagReaderTest {
  static final List<String> RETRIES = List.of("shop.orders.retry.10s");

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  final TestingKafkaAdmin kafka = new TestingKafkaAdmin()
      .existing("shop.orders", 3, 1, Map.of()).existing("shop.orders.retry.10s", 1, 1, Map.of());
  final ConsumerGroupLagReader reader = new ConsumerGroupLagReader(null,
      new KafkaConnections(Duration.ofSeconds(10), clock, (p, t, c) -> kafka), clock);
  final Platform platform = GoldenFiles.YAML.unmarshal("""
      apiVersion: platform.keelson.dev/v1alpha1
      kind: Platform
      metadata: {name: shop, namespace: shop, uid: p-1}
      spec: {kafka: {bootstrapServers: "testing:9092"}}
      """, Platform.class);

  @Test
  void theLagCountsWhatTheGroupHasNotCommittedOnTheQueueAndItsRetryTopics() {
    kafka.produced("shop.orders", 0, 100).produced("shop.orders", 1, 50).produced("shop.orders.retry.10s", 0, 7)
        .commit("shop.workers", "shop.orders", 0, 60);
    var lag = reader.read(platform, platform.getSpec().kafka(), "shop.workers", "shop.orders", RETRIES);
    assertThat(lag.byPartition()).containsExactly(Map.entry(0, 40L), Map.entry(1, 50L), Map.entry(2, 0L));
    assertThat(lag.retryLag()).isEqualTo(7);
    assertThat(lag.total()).isEqualTo(97);
  }

  @Test
  void theOldGroupsOffsetsAreCarriedOverOnceAndNeverOverAnOwnCommit() {
    kafka.commit("workers", "shop.orders", 0, 60).commit("workers", "shop.orders", 2, 5).commit("workers", "elsewhere", 0, 9);
    assertThat(reader.carryOver(platform, platform.getSpec().kafka(), "workers", "shop.workers", List.of("shop.orders"))).isEqualTo(2);
    assertThat(kafka.committed.get("shop.workers")).as("only the pool's topics")
        .containsExactlyInAnyOrderEntriesOf(Map.of("shop.orders/0", 60L, "shop.orders/2", 5L));

    kafka.commit("workers", "shop.orders", 0, 99);
    assertThat(reader.carryOver(platform, platform.getSpec().kafka(), "workers", "shop.workers", List.of("shop.orders")))
        .as("the new group has its own place now").isZero();
    assertThat(kafka.committed.get("shop.workers")).containsEntry("shop.orders/0", 60L);
  }

  @Test
  void aKafkaThatDoesNotAnswerIsAskedAgainOnlyOnceItsFailureIsATimeoutOld() {
    kafka.down();
    assertThatThrownBy(() -> reader.read(platform, platform.getSpec().kafka(), "shop.workers", "shop.orders", RETRIES))
        .isInstanceOf(KafkaUnavailableException.class);
    int asked = kafka.calls.size();
    assertThatThrownBy(() -> reader.carryOver(platform, platform.getSpec().kafka(), "workers", "shop.workers", List.of("shop.orders")))
        .as("the same failure answers every pool of the Platform on that Kafka").isInstanceOf(KafkaUnavailableException.class);
    assertThat(kafka.calls).hasSize(asked);

    kafka.up();
    clock.advance(Duration.ofSeconds(11));
    assertThat(reader.read(platform, platform.getSpec().kafka(), "shop.workers", "shop.orders", RETRIES).total()).isZero();
  }
}
