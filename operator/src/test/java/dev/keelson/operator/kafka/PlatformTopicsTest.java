package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.dataservice.StatusSlices;
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
 * The Kafka topics as one of a Platform's data services, over Kafkas in memory: each Kafka gets the
 * topics of the workloads placed on its clusters, the summary is the Platform's word on them, and a
 * topic prefix another Platform holds on the same Kafka is refused without asking that Kafka.
 */
class PlatformTopicsTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  // Each Kafka is synced on a thread of its own (PerCluster): the doubles are looked up concurrently.
  final Map<String, TestingKafkaAdmin> kafkas = new java.util.concurrent.ConcurrentHashMap<>();
  final PlatformTopics topics = new PlatformTopics(new KafkaTopics(null, new KafkaConnections(Duration.ofSeconds(10), Clock.systemUTC(),
      (properties, timeout, calls) -> kafka(properties.get("bootstrap.servers")))));

  @Test
  void eachKafkaGetsTheTopicsOfTheWorkloadsOnItsClustersAndTheSummaryListsThemAll() {
    var shop = platform("shop", "p-1", "2026-11-01T00:00:00Z", "shop.");
    var summary = topics.summarize(scope(shop, List.of(shop)), null, List.of());

    assertThat(kafka("shared:9092").topics).containsOnlyKeys("shop.orders");
    assertThat(kafka("ovh:9092").topics).containsOnlyKeys("shop.audit");
    assertThat(summary.verdict()).as("every Kafka as declared: nothing to say beyond the clusters").isNull();
    assertThat(summary.retry()).isFalse();
    var slices = topics.report(StatusSlices.NONE, summary.status());
    assertThat(slices.kafka().bootstrapServers()).isEqualTo("shared:9092");
    assertThat(slices.kafka().clusters()).containsExactly("aws");
    assertThat(slices.clusterKafkas()).extracting(k -> k.bootstrapServers()).containsExactly("ovh:9092");
  }

  @Test
  void aKafkaThatDoesNotAnswerIsThePlatformsVerdictAndIsRetriedWhileTheOtherIsSynced() {
    kafka("ovh:9092").down();
    var shop = platform("shop", "p-1", "2026-11-01T00:00:00Z", "shop.");
    var summary = topics.summarize(scope(shop, List.of(shop)), null, List.of());

    assertThat(kafka("shared:9092").topics).containsOnlyKeys("shop.orders");
    assertThat(summary.retry()).isTrue();
    assertThat(summary.verdict().reason()).isEqualTo(Reason.KAFKA_UNAVAILABLE);
    assertThat(summary.verdict().message()).startsWith("Kafka ovh:9092: ").contains("did not answer");
    assertThat(summary.status().shared().ready()).isTrue();
  }

  @Test
  void aPrefixAnOlderPlatformHoldsOnTheSameKafkaIsRefusedWithoutAskingItUntilTheHolderIsForgotten() {
    var shop = platform("shop", "p-1", "2026-11-01T00:00:00Z", "shop.");
    var copy = platform("copy", "p-2", "2026-11-02T00:00:00Z", "shop.eu.");
    topics.summarize(scope(shop, List.of(shop, copy)), null, List.of());
    int calls = kafka("shared:9092").calls.size();

    var refused = topics.summarize(scope(copy, List.of(shop, copy)), null, List.of());
    assertThat(refused.status().shared().reason()).isEqualTo(Reason.KAFKA_TOPIC_PREFIX_IN_USE.toString());
    assertThat(refused.status().shared().message()).contains("overlaps prefix 'shop.' of Platform shop/shop, which holds it");
    assertThat(refused.verdict().reason()).isEqualTo(Reason.KAFKA_TOPIC_PREFIX_IN_USE);
    assertThat(kafka("shared:9092").calls).as("the holder's Kafka is not asked for the refused Platform").hasSize(calls);

    topics.forget(shop);
    var granted = topics.summarize(scope(copy, List.of(copy)), null, List.of());
    assertThat(granted.status().shared().ready()).isTrue();
    assertThat(kafka("shared:9092").topics).containsKeys("shop.orders", "shop.eu.orders");
  }

  private TestingKafkaAdmin kafka(String bootstrapServers) {
    return kafkas.computeIfAbsent(bootstrapServers, b -> new TestingKafkaAdmin());
  }

  /** The Platform's workloads: a Service producing orders on aws, one producing audit on ovh. */
  private static PlatformScope scope(Platform platform, List<Platform> all) {
    return new PlatformScope(platform, all, clusters -> new PlatformScope.Placed(
        clusters.stream().map(c -> service(c.equals("aws") ? "orders" : "audit")).toList(), List.of()), T0);
  }

  private static KeelsonService service(String topic) {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: %1$s-writer, namespace: shop}
        spec:
          image: shop/writer:1
          uses: {kafka: {produces: [{topic: %1$s}]}}
        """.formatted(topic), KeelsonService.class);
  }

  private static Platform platform(String name, String uid, String created, String prefix) {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: %s, namespace: shop, uid: %s, creationTimestamp: "%s"}
        spec:
          kafka: {bootstrapServers: "shared:9092", topicPrefix: "%s", topicDefaults: {partitions: 3, replicationFactor: 1}}
          clusters:
          - {name: aws, kubeconfigSecretRef: {name: aws, key: kubeconfig}}
          - name: ovh
            kubeconfigSecretRef: {name: ovh, key: kubeconfig}
            overrides: {kafka: {bootstrapServers: "ovh:9092", topicPrefix: "%s", topicDefaults: {partitions: 1, replicationFactor: 1}}}
        """.formatted(name, uid, created, prefix, prefix), Platform.class);
  }
}
