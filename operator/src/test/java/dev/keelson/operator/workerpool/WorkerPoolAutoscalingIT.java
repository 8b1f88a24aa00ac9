package dev.keelson.operator.workerpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.keelson.operator.testing.StatusAssert.condition;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.reconcile.OwnerClaims;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.KafkaBroker;
import dev.keelson.operator.testing.Kubectl;
import dev.keelson.operator.testing.OperatorTest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A WorkerPool's workers scaled on the consumer lag of a real in-process Kafka broker, through a
 * real API server. No kubelet runs the workers: the test plays them by committing the group's
 * offsets, which is all the lag depends on.
 */
class WorkerPoolAutoscalingIT extends OperatorTest {
  static final KafkaBroker kafka = KafkaBroker.shared();

  @Test
  void aBacklogScalesThePoolUpWithinOnePollAndTheWorkersAreToldTheirQueue() {
    createPlatform(kafka.bootstrapServers(), 6);
    createPool("notifications", "{minReplicas: 1, maxReplicas: 12, lagPerReplica: 100, pollInterval: 1s}", "");
    String topic = namespace + ".order-events";
    awaitTopic(topic);
    awaitReplicas("notifications", 1);

    long pollsBefore = operator.lagPolls();
    kafka.produce(topic, 350);
    await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(4).equals(replicas("notifications")));
    assertThat(operator.lagPolls() - pollsBefore).as("the first poll that sees the backlog scales: at most the one under way, then one")
        .isLessThanOrEqualTo(2);
    var status = awaitStatus("notifications", s -> s.lag() != null && s.lag() == 350 && Integer.valueOf(4).equals(s.replicas()));
    assertThat(status.desiredReplicas()).isEqualTo(4);
    assertThat(status.partitions()).isEqualTo(6);
    assertThat(status.partitionLag()).hasSize(6).allSatisfy(p -> assertThat(p.lag()).isBetween(58L, 59L));
    assertThat(status.decision().reason()).as("the poll after the scale finds it steady").isIn(Reason.SCALED_UP.toString(), Reason.STEADY.toString());
    assertThat(status.lastScaleTime()).isNotNull();
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .as("the scale is an Event on the pool").anySatisfy(e -> {
          assertThat(e.getInvolvedObject().getName()).isEqualTo("notifications");
          assertThat(e.getReason()).isEqualTo(Reason.SCALED_UP.toString());
          assertThat(e.getMessage()).isEqualTo("scaled up from 1 to 4: lag 350 over 6 partition(s) at 100 per worker asks for 4 worker(s)");
        });
    assertThat(status.selector()).isEqualTo("app.kubernetes.io/instance=notifications,app.kubernetes.io/name=notifications");

    var deployment = client.apps().deployments().inNamespace(namespace).withName("notifications").get();
    var env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env).containsEntry(WorkerPoolModelFactory.TOPIC_ENV, topic)
        .containsEntry(WorkerPoolModelFactory.GROUP_ENV, namespace + ".notifications")
        .containsEntry(WorkerPoolModelFactory.RETRY_TOPICS_ENV, topic + ".retry.10s," + topic + ".retry.1m," + topic + ".retry.10m")
        .containsEntry(WorkerPoolModelFactory.RETRY_ATTEMPTS_ENV, "3")
        .containsEntry(WorkerPoolModelFactory.DEAD_LETTER_ENV, topic + ".dlq");
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(45L);
    assertThat(managersOfReplicas(deployment)).containsExactly(DeploymentScale.FIELD_MANAGER);
  }

  @Test
  void consumingTheBacklogScalesDownOnlyAfterTheStabilizationWindow() {
    createPlatform(kafka.bootstrapServers(), 6);
    createPool("analytics", "{lagPerReplica: 100, pollInterval: 1s, scaleDownStabilization: 8s}", "");
    String topic = namespace + ".order-events";
    awaitTopic(topic);
    kafka.produce(topic, 300);
    awaitStatus("analytics", s -> Integer.valueOf(3).equals(s.replicas()));

    kafka.commitEnd(namespace + ".analytics", topic);
    var stabilizing = awaitStatus("analytics", s -> s.lag() != null && s.lag() == 0);
    assertThat(stabilizing.decision().reason()).isEqualTo(Reason.STABILIZING.toString());
    assertThat(stabilizing.decision().message()).contains("a poll in the last 8s (scaleDownStabilization) asked for 3");
    assertThat(replicas("analytics")).isEqualTo(3);

    var scaledDown = awaitStatus("analytics", s -> Integer.valueOf(1).equals(s.replicas()));
    assertThat(scaledDown.decision().reason()).isIn(Reason.SCALED_DOWN.toString(), Reason.STEADY.toString());
    assertThat(replicas("analytics")).isEqualTo(1);
  }

  @Test
  void aStoppedBrokerHoldsTheWorkersAndIsReported() {
    try (var own = KafkaBroker.start()) {
      createPlatform(own.bootstrapServers(), 6);
      createPool("billing", "{lagPerReplica: 100, pollInterval: 1s, scaleDownStabilization: 2s}", "");
      String topic = namespace + ".order-events";
      await().atMost(Duration.ofSeconds(40)).until(() -> own.topics().contains(topic));
      own.produce(topic, 200);
      awaitStatus("billing", s -> Integer.valueOf(2).equals(s.replicas()));

      own.close();
      var held = awaitStatus("billing", s -> Reason.BROKER_UNAVAILABLE.toString().equals(s.decision().reason()));
      assertThat(held.decision().message()).startsWith("holding 2 worker(s): Kafka at " + own.bootstrapServers() + " did not answer");
      assertThat(condition(held, Conditions.DEGRADED).getStatus()).isEqualTo(Conditions.TRUE);
      assertThat(condition(held, Conditions.READY).getReason()).isEqualTo(Reason.BROKER_UNAVAILABLE.toString());
      // Several polls later, well past the stabilization window, the count is unchanged, and so is the
      // status: the outage is reported once, not rewritten at every poll. (Taken after one more poll,
      // so that a write already under way when the outage was first reported is not counted.)
      long first = operator.lagPolls();
      await().atMost(Duration.ofSeconds(30)).until(() -> operator.lagPolls() >= first + 1);
      var reported = pool("billing");
      long polls = operator.lagPolls();
      await().atMost(Duration.ofSeconds(30)).until(() -> operator.lagPolls() >= polls + 3);
      assertThat(replicas("billing")).isEqualTo(2);
      assertThat(pool("billing").getStatus().replicas()).isEqualTo(2);
      assertThat(pool("billing").getMetadata().getResourceVersion()).isEqualTo(reported.getMetadata().getResourceVersion());
    }
  }

  @Test
  void workersAreCappedAtThePartitionCount() {
    createPlatform(kafka.bootstrapServers(), 2);
    createPool("search", "{lagPerReplica: 10, pollInterval: 1s}", "");
    String topic = namespace + ".order-events";
    awaitTopic(topic);
    kafka.produce(topic, 500);

    // A poll may land while the records are still arriving: wait for the one that sees them all.
    var status = awaitStatus("search", s -> Integer.valueOf(2).equals(s.replicas()) && s.lag() != null && s.lag() == 500
        && s.decision() != null && Reason.SCALING_LIMITED.toString().equals(s.decision().reason()));
    assertThat(status.decision().message()).contains("asks for 50 worker(s)")
        .contains("capped at 2, the partition count of topic " + topic + ": more workers than partitions would idle");
    assertThat(replicas("search")).isEqualTo(2);
  }

  @Test
  void anIdlePoolScalesToZeroAndBackOnTheFirstRecord() {
    createPlatform(kafka.bootstrapServers(), 3);
    createPool("digest", "{minReplicas: 0, pollInterval: 1s, scaleDownStabilization: 2s}", "");
    String topic = namespace + ".order-events";
    awaitTopic(topic);
    awaitStatus("digest", s -> Integer.valueOf(0).equals(s.replicas()));
    assertThat(replicas("digest")).isZero();
    DeploymentController.rollOut(client, namespace, "digest");
    var idle = awaitStatus("digest", s -> Conditions.TRUE.equals(condition(s, Conditions.READY).getStatus()));
    assertThat(condition(idle, Conditions.READY).getMessage()).as("an idle pool is ready").isEqualTo("0/0 pods available");

    kafka.produce(topic, 1);
    awaitStatus("digest", s -> Integer.valueOf(1).equals(s.replicas()));
    assertThat(replicas("digest")).isEqualTo(1);
    assertThat(client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(Reason.SCALED_UP.toString());
      assertThat(e.getMessage()).startsWith("scaled up from 0 to 1: lag 1 over 3 partition(s)");
    });
  }

  @Test
  void aRecordWaitingInARetryTopicKeepsAWorker() {
    createPlatform(kafka.bootstrapServers(), 3);
    createPool("resender", "{minReplicas: 0, pollInterval: 1s, scaleDownStabilization: 2s}", "");
    String retryTopic = namespace + ".order-events.retry.1m";
    awaitTopic(retryTopic);
    awaitStatus("resender", s -> Integer.valueOf(0).equals(s.replicas()));

    kafka.produce(retryTopic, 1);
    var status = awaitStatus("resender", s -> Integer.valueOf(1).equals(s.replicas()));
    assertThat(status.lag()).isEqualTo(1);
    assertThat(status.partitionLag()).as("the queue's own partitions do not lag").isEmpty();
    assertThat(status.decision().message()).contains("lag 1 (1 of it in retry topics)");
  }

  @Test
  void manualModeFollowsTheScaleSubresourceAndLagModeTakesTheCountOverWithoutAReset() throws Exception {
    createPlatform(kafka.bootstrapServers(), 6);
    createPool("exports", "{mode: Manual, pollInterval: 1s}", "  replicas: 2\n");
    awaitReplicas("exports", 2);

    var scaled = Kubectl.run(server, "scale", "-n", namespace, "kwp/exports", "--replicas=4");
    assertThat(scaled.exitCode()).as(scaled.output()).isZero();
    awaitReplicas("exports", 4);
    var status = awaitStatus("exports", s -> Integer.valueOf(4).equals(s.replicas()));
    assertThat(status.decision().reason()).isEqualTo(Reason.MANUAL.toString());
    assertThat(client.resources(WorkerPool.class).inNamespace(namespace).withName("exports").scale().getStatus().getSelector())
        .isEqualTo("app.kubernetes.io/instance=exports,app.kubernetes.io/name=exports");

    // Lag mode with no lag: the window starts from the 4 running, so nothing drops to the API server's default of 1.
    client.resources(WorkerPool.class).inNamespace(namespace).withName("exports").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"scaling\":{\"mode\":\"Lag\",\"scaleDownStabilization\":\"300s\"}}}");
    var lag = awaitStatus("exports", s -> s.decision() != null && Reason.STABILIZING.toString().equals(s.decision().reason()));
    assertThat(lag.replicas()).isEqualTo(4);
    var deployment = client.apps().deployments().inNamespace(namespace).withName("exports").get();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(4);
    assertThat(managersOfReplicas(deployment)).contains(DeploymentScale.FIELD_MANAGER).doesNotContain("keelson");
  }

  @Test
  void workersOfTheUnprefixedGroupMoveToThePrefixedOneWhereItLeftOff() throws Exception {
    createPlatform(kafka.bootstrapServers(), 6);
    createPool("invoices", "{lagPerReplica: 100, pollInterval: 1s}", "");
    String topic = namespace + ".order-events";
    awaitTopic(topic);
    awaitReplicas("invoices", 1);

    // What Keelson up to 0.1 left: workers consuming as the declared group, which has handled the whole backlog.
    client.resources(WorkerPool.class).inNamespace(namespace).withName("invoices").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"keelson.dev/paused\":\"true\"}}}");
    awaitStatus("invoices", s -> "Paused".equals(condition(s, Conditions.READY).getReason()));
    client.apps().deployments().inNamespace(namespace).withName("invoices").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
          .filter(e -> WorkerPoolModelFactory.GROUP_ENV.equals(e.getName())).forEach(e -> e.setValue("invoices"));
      return d;
    });
    kafka.produce(topic, 300);
    kafka.commitEnd("invoices", topic);

    client.resources(WorkerPool.class).inNamespace(namespace).withName("invoices").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"keelson.dev/paused\":null}}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> groupOf(client.apps().deployments().inNamespace(namespace).withName("invoices").get()),
        (namespace + ".invoices")::equals);
    var carried = kafka.admin().listConsumerGroupOffsets(namespace + ".invoices").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    assertThat(carried).hasSize(6);
    assertThat(carried.values().stream().mapToLong(o -> o.offset()).sum()).as("where the old group left off").isEqualTo(300);
    // The backlog the old group handled is not counted again: no worker is added for it.
    var status = awaitStatus("invoices", s -> s.lag() != null && s.lag() == 0 && s.decision() != null);
    assertThat(status.replicas()).isEqualTo(1);
    assertThat(client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(Reason.CONSUMER_GROUP_CARRIED_OVER.toString());
      assertThat(e.getMessage()).isEqualTo("the offsets of consumer group invoices on 6 partition(s) of " + topic + ", " + topic
          + ".retry.10s, " + topic + ".retry.1m, " + topic + ".retry.10m were carried over to " + namespace
          + ".invoices; the workers move to it as they roll");
    });
  }

  @Test
  void aDeploymentOfTheSameNameThatAServiceOwnsIsNotTakenOver() {
    createPlatform(kafka.bootstrapServers(), 3);
    createServiceUsing("orders", "");
    await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get() != null);
    createPool("orders", "{pollInterval: 1s}", "");
    var status = awaitStatus("orders", s -> condition(s, Conditions.READY).getReason().equals(Reason.NAME_CONFLICT.toString()));
    assertThat(condition(status, Conditions.READY).getMessage())
        .isEqualTo("ServiceAccount orders already exists and belongs to Service orders, not to WorkerPool orders; rename WorkerPool orders"
            + " or delete Service orders first");
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders").get();
    assertThat(deployment.getMetadata().getLabels()).containsEntry("keelson.dev/owner-kind", "Service");
  }

  @Test
  void aPlatformWithoutKafkaIsReported() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec: {profile: dev}
        """, Platform.class);
    createPool("notifications", "{}", "");
    var status = awaitStatus("notifications", s -> true);
    assertThat(condition(status, Conditions.READY).getReason()).isEqualTo(Reason.KAFKA_NOT_PROVIDED.toString());
    assertThat(condition(status, Conditions.READY).getMessage())
        .isEqualTo("WorkerPool notifications consumes topic order-events, but Platform shop has no Kafka: neither spec.kafka nor "
            + "a cluster's overrides.kafka");
  }

  private void createPlatform(String bootstrapServers, int partitions) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          security: {networkPolicy: None}
          kafka:
            bootstrapServers: "%s"
            topicDefaults: {partitions: %d, replicationFactor: 1, retention: 1d}
        """.formatted(bootstrapServers, partitions), Platform.class);
  }

  private void createPool(String name, String scaling, String extra) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: %s}
        spec:
          image: quay.io/keelson/notification-service:0.1.0
          queue: {topic: order-events}
          scaling: %s
          shutdown: {gracePeriodSeconds: 45}
        %s""".formatted(name, scaling, extra), WorkerPool.class);
  }

  private WorkerPool pool(String name) {
    return client.resources(WorkerPool.class).inNamespace(namespace).withName(name).get();
  }

  private WorkerPoolStatus awaitStatus(String name, Predicate<WorkerPoolStatus> condition) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> pool(name).getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }

  private void awaitTopic(String topic) {
    await().atMost(Duration.ofSeconds(40)).until(() -> kafka.topics().contains(topic));
  }

  private Integer replicas(String name) {
    var deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return deployment == null ? null : deployment.getSpec().getReplicas();
  }

  private void awaitReplicas(String name, int replicas) {
    await().atMost(Duration.ofSeconds(40)).until(() -> Integer.valueOf(replicas).equals(replicas(name)));
  }

  private static String groupOf(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> WorkerPoolModelFactory.GROUP_ENV.equals(e.getName())).map(EnvVar::getValue).findFirst().orElse(null);
  }

  /** The field managers that own the Deployment's spec.replicas. */
  @SuppressWarnings("unchecked")
  private static List<String> managersOfReplicas(Deployment deployment) {
    return deployment.getMetadata().getManagedFields().stream().filter(entry -> {
      var spec = (Map<String, Object>) entry.getFieldsV1().getAdditionalProperties().get("f:spec");
      return spec != null && spec.containsKey("f:replicas");
    }).map(entry -> entry.getManager()).toList();
  }
}
