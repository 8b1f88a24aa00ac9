package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.keelson.operator.testing.StatusAssert.ready;

import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.KafkaBroker;
import dev.keelson.operator.testing.Kstatus;
import dev.keelson.operator.testing.OperatorTest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Topics on a real in-process Kafka broker, declared through custom resources on a real API server. */
class KafkaTopicsIT extends OperatorTest {
  static final KafkaBroker kafka = KafkaBroker.shared();

  @Test
  void topicsDeclaredByWorkloadsAreCreatedOnceAndReachTheBindings() {
    createPlatform(kafka.bootstrapServers(), "Retain");
    createService("orders", "produces: [{topic: order-events, partitions: 4, config: {cleanup.policy: compact}}], "
        + "consumes: [{topic: payment-events}]");
    createService("shipping", "consumes: [{topic: order-events}]");
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: notifications}
        spec:
          image: quay.io/keelson/notification-service:0.1.0
          queue: {topic: order-events, retry: {attempts: 2, backoff: [10s, 1m]}}
        """, WorkerPool.class);
    String p = namespace + ".";

    var kafkaStatus = awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 5);
    assertThat(kafkaStatus.reason()).isEqualTo(Reason.TOPICS_READY.toString());
    assertThat(kafkaStatus.topics()).extracting(TopicStatus::name).containsExactly(
        p + "order-events", p + "order-events.dlq", p + "order-events.retry.10s", p + "order-events.retry.1m", p + "payment-events");
    assertThat(kafkaStatus.topics().get(0).declaredBy()).containsExactly("Service/orders", "Service/shipping", "WorkerPool/notifications");
    // CreateTopics has answered; the broker's metadata, which listTopics reads, follows shortly after.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kafka.topics()).contains(p + "order-events", p + "payment-events", p + "order-events.dlq"));
    assertThat(kafka.describe(p + "order-events").partitions()).hasSize(4);
    assertThat(kafka.describe(p + "payment-events").partitions()).hasSize(2);
    assertThat(kafka.config(p + "order-events", "cleanup.policy")).isEqualTo("compact");
    assertThat(kafka.config(p + "payment-events", "retention.ms")).isEqualTo("86400000");

    DeploymentController.rollOut(client, namespace, "orders");
    var status = awaitService("orders", s -> Conditions.TRUE.equals(ready(s.conditions()).getStatus()));
    assertThat(status.bindingSecretName()).isEqualTo("orders-binding");
    var binding = client.secrets().inNamespace(namespace).withName("orders-binding").get();
    assertThat(decode(binding.getData().get("kafka.bootstrap-servers"))).isEqualTo(kafka.bootstrapServers());
    assertThat(decode(binding.getData().get("kafka.topic.order-events"))).isEqualTo(p + "order-events");
  }

  @Test
  void aPartitionDecreaseIsRefusedOnThePlatformAndTheWorkload() {
    createPlatform(kafka.bootstrapServers(), "Retain");
    createService("orders", "produces: [{topic: order-events, partitions: 3}]");
    awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 1);
    client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"uses\":{\"kafka\":{\"produces\":[{\"topic\":\"order-events\",\"partitions\":1}]}}}}");

    var kafkaStatus = awaitKafka(k -> Reason.PARTITION_DECREASE_REFUSED.toString().equals(k.reason()));
    String expected = "topic " + namespace + ".order-events has 3 partitions and partitions can only grow; "
        + "the declared 1 is refused (declare 3 or more)";
    assertThat(kafkaStatus.message()).isEqualTo(expected);
    assertThat(kafka.describe(namespace + ".order-events").partitions()).hasSize(3);
    var refusedPlatform = client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
    assertThat(ready(refusedPlatform.getStatus().conditions()).getReason()).isEqualTo(Reason.PARTITION_DECREASE_REFUSED.toString());
    assertThat(Kstatus.of(refusedPlatform).status()).as("a refused topic change stalls the Platform").isEqualTo(Kstatus.FAILED);
    var serviceReady = ready(awaitService("orders", s -> Reason.PARTITION_DECREASE_REFUSED.toString().equals(ready(s.conditions()).getReason())).conditions());
    assertThat(serviceReady.getMessage()).isEqualTo(expected);
    assertThat(Kstatus.of(client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").get()))
        .isEqualTo(new Kstatus.Result(Kstatus.FAILED, expected));

    client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"uses\":{\"kafka\":{\"produces\":[{\"topic\":\"order-events\",\"partitions\":5}]}}}}");
    awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics().get(0).partitions() == 5);
    assertThat(kafka.describe(namespace + ".order-events").partitions()).hasSize(5);
  }

  @Test
  void anUndeclaredTopicIsKeptByDefaultAndDeletedOnlyUnderDeletionPolicyDelete() {
    createPlatform(kafka.bootstrapServers(), "Retain");
    createService("orders", "produces: [{topic: kept}, {topic: removed}]");
    awaitKafka(k -> k.topics() != null && k.topics().size() == 2 && Boolean.TRUE.equals(k.ready()));

    patchService("orders", "{\"spec\":{\"uses\":{\"kafka\":{\"produces\":[{\"topic\":\"removed\"}]}}}}");
    awaitKafka(k -> k.topics() != null && k.topics().size() == 1);
    assertThat(kafka.topics()).as("Retain keeps the topic").contains(namespace + ".kept");

    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\"Delete\"}}");
    patchService("orders", "{\"spec\":{\"uses\":{\"kafka\":{\"produces\":[{\"topic\":\"other\"}]}}}}");
    awaitKafka(k -> k.topics() != null && k.topics().size() == 1 && k.topics().get(0).name().endsWith(".other"));
    await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.topics().contains(namespace + ".removed"));
    assertThat(kafka.topics()).as("released under Retain before: never Keelson's to delete again").contains(namespace + ".kept");
  }

  @Test
  void aPreexistingTopicIsAdoptedKeptAsFoundUnlessThePlatformSaysManageAndNeverDeleted() {
    kafka.createTopic(namespace + ".legacy", 2);
    createPlatform(kafka.bootstrapServers(), "Delete");
    createService("orders", "consumes: [{topic: legacy, partitions: 4}]");
    var status = awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 1);
    assertThat(status.topics().get(0).origin()).isEqualTo(TopicStatus.ADOPTED);
    assertThat(status.topics().get(0).message()).endsWith("topic " + namespace + ".legacy was there before Keelson and is kept as found, "
        + "so the declared 4 partitions (it has 2) is not applied (the Platform's adoptedTopics: Manage would apply it)");
    assertThat(kafka.describe(namespace + ".legacy").partitions()).hasSize(2);

    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"kafka\":{\"adoptedTopics\":\"Manage\"}}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> kafka.describe(namespace + ".legacy").partitions().size() == 4);

    client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").delete();
    awaitKafka(k -> k.topics() == null || k.topics().isEmpty());
    assertThat(kafka.topics()).contains(namespace + ".legacy");
  }

  @Test
  void anOverlappingTopicPrefixOnTheSameKafkaBelongsToThePlatformThatHeldItFirst() {
    createPlatform(kafka.bootstrapServers(), "Delete");
    createService("orders", "produces: [{topic: order-events}]");
    awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 1);
    // Its prefix begins with shop's ("<namespace>."): it would take shop's topics for its own.
    createRival("rival", namespace + ".eu.");
    createRival("elsewhere", "elsewhere.");

    var rival = awaitKafkaOf("rival", k -> Reason.KAFKA_TOPIC_PREFIX_IN_USE.toString().equals(k.reason()));
    assertThat(rival.ready()).isFalse();
    assertThat(rival.message()).isEqualTo("topic prefix '" + namespace + ".eu.' on Kafka " + kafka.bootstrapServers() + " overlaps prefix '"
        + namespace + ".' of Platform " + namespace + "/shop, which holds it; Keelson leaves the topics there alone until this Platform "
        + "chooses a prefix of its own (topicPrefix of spec.kafka or of the cluster's overrides.kafka)");
    assertThat(awaitKafkaOf("elsewhere", k -> k.reason() != null).reason()).isNotEqualTo(Reason.KAFKA_TOPIC_PREFIX_IN_USE.toString());
    assertThat(awaitKafka(k -> true).reason()).as("the holder is untouched").isNotEqualTo(Reason.KAFKA_TOPIC_PREFIX_IN_USE.toString());
    assertThat(kafka.topics()).contains(namespace + ".order-events");

    // Once the holder is gone, the prefix is free.
    client.resources(Platform.class).inNamespace(namespace).withName("shop").delete();
    awaitKafkaOf("rival", k -> !Reason.KAFKA_TOPIC_PREFIX_IN_USE.toString().equals(k.reason()));
  }

  private void createRival(String name, String prefix) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: %s}
        spec:
          kafka: {bootstrapServers: "%s", topicPrefix: "%s", topicDefaults: {partitions: 1, replicationFactor: 1}}
        """.formatted(name, kafka.bootstrapServers(), prefix), Platform.class);
  }

  private KafkaStatus awaitKafkaOf(String platform, Predicate<KafkaStatus> condition) {
    return await().atMost(Duration.ofSeconds(40)).until(() -> {
      var p = client.resources(Platform.class).inNamespace(namespace).withName(platform).get();
      return p == null || p.getStatus() == null ? null : p.getStatus().kafka();
    }, k -> k != null && condition.test(k));
  }

  @Test
  void nothingIsAskedOfKafkaWhenNothingChanged() {
    createPlatform(kafka.bootstrapServers(), "Retain");
    var service = createService("orders", "produces: [{topic: order-events}]");
    awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 1);
    var platform = client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
    long reconciles = operator.reconciles(platform);
    long calls = operator.kafkaCalls();

    // A label change wakes the Platform's reconciler without changing anything it manages.
    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles(platform) > reconciles);
    assertThat(operator.kafkaCalls()).isEqualTo(calls);
    assertThat(service).isNotNull();
  }

  @Test
  void anUnreachableKafkaIsReportedOnThePlatformAndItsWorkloadsAndNothingIsDeleted() {
    // A port nothing listens on: connections are refused at once.
    createPlatform("127.0.0.1:1", "Delete");
    createService("orders", "produces: [{topic: order-events}]");

    var status = awaitKafka(k -> Reason.KAFKA_UNAVAILABLE.toString().equals(k.reason()));
    assertThat(status.message()).startsWith("Kafka at 127.0.0.1:1 did not answer within 3s");
    var platformReady = ready(client.resources(Platform.class).inNamespace(namespace).withName("shop").get().getStatus().conditions());
    assertThat(platformReady.getReason()).isEqualTo(Reason.KAFKA_UNAVAILABLE.toString());
    var serviceStatus = awaitService("orders", s -> Reason.KAFKA_UNAVAILABLE.toString().equals(ready(s.conditions()).getReason()));
    assertThat(Conditions.find(serviceStatus.conditions(), Conditions.DEGRADED).orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void aBrokerThatGoesAwayKeepsTheManagedTopicsAndComesBackReady() {
    try (var own = KafkaBroker.start()) {
      createPlatform(own.bootstrapServers(), "Delete");
      createService("orders", "produces: [{topic: order-events}]");
      awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 1);
      own.close();
      // A change makes the Platform ask Kafka again.
      patchService("orders", "{\"spec\":{\"uses\":{\"kafka\":{\"produces\":[{\"topic\":\"order-events\"},{\"topic\":\"more\"}]}}}}");
      var status = awaitKafka(k -> Reason.KAFKA_UNAVAILABLE.toString().equals(k.reason()));
      assertThat(status.topics()).as("the topics Keelson manages stay listed").extracting(TopicStatus::name)
          .containsExactly(namespace + ".order-events");
    }
  }

  @Test
  void withTheAuthSecretKeelsonAuthenticatesAndWrongCredentialsAreReported() {
    try (var secured = KafkaBroker.startWithSasl()) {
      client.secrets().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
          .withNewMetadata().withName("kafka-client").endMetadata()
          .addToStringData("security.protocol", "SASL_PLAINTEXT").addToStringData("sasl.mechanism", "PLAIN")
          .addToStringData("username", KafkaBroker.SASL_USER).addToStringData("password", "wrong")
          .build()).create();
      server.create(namespace, """
          apiVersion: platform.keelson.dev/v1alpha1
          kind: Platform
          metadata: {name: shop}
          spec:
            kafka:
              bootstrapServers: "%s"
              authSecretRef: {name: kafka-client}
              topicDefaults: {partitions: 1, replicationFactor: 1}
          """.formatted(secured.bootstrapServers()), Platform.class);
      createService("orders", "produces: [{topic: order-events}]");

      var refused = awaitKafka(k -> Reason.KAFKA_AUTHENTICATION_FAILED.toString().equals(k.reason()));
      assertThat(refused.message()).startsWith("Kafka at " + secured.bootstrapServers() + " refused Keelson's credentials")
          .doesNotContain("wrong");
      awaitService("orders", s -> Reason.KAFKA_AUTHENTICATION_FAILED.toString().equals(ready(s.conditions()).getReason()));

      // The right password, read again on the next attempt.
      client.secrets().inNamespace(namespace).withName("kafka-client").edit(secret -> {
        secret.setData(null);
        secret.setStringData(java.util.Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
            "username", KafkaBroker.SASL_USER, "password", KafkaBroker.SASL_PASSWORD));
        return secret;
      });
      awaitKafka(k -> Boolean.TRUE.equals(k.ready()) && k.topics() != null && k.topics().size() == 1);
      assertThat(secured.topics()).contains(namespace + ".order-events");
    }
  }

  private void createPlatform(String bootstrapServers, String deletionPolicy) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          deletionPolicy: %s
          kafka:
            bootstrapServers: "%s"
            topicDefaults: {partitions: 2, replicationFactor: 1, retention: 1d}
        """.formatted(deletionPolicy, bootstrapServers), Platform.class);
  }

  private KeelsonService createService(String name, String kafkaUses) {
    return createServiceUsing(name, "kafka: {" + kafkaUses + "}");
  }

  private void patchService(String name, String patch) {
    client.resources(KeelsonService.class).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private KafkaStatus awaitKafka(Predicate<KafkaStatus> condition) {
    return await().atMost(Duration.ofSeconds(40)).until(() -> {
      var platform = client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
      return platform.getStatus() == null ? null : platform.getStatus().kafka();
    }, k -> k != null && condition.test(k));
  }

  private ServiceStatus awaitService(String name, Predicate<ServiceStatus> condition) {
    return await().atMost(Duration.ofSeconds(40)).until(
        () -> client.resources(KeelsonService.class).inNamespace(namespace).withName(name).get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
