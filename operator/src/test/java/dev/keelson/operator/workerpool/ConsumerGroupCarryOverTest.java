package dev.keelson.operator.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.kafka.ConsumerLag;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.kafka.KafkaUnavailableException;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a pool's workers are moved from the unprefixed consumer group, and what holds them, with a Kafka the test plays. */
class ConsumerGroupCarryOverTest {
  final List<String> calls = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  boolean kafkaDown;

  final ConsumerGroupCarryOver carryOver = new ConsumerGroupCarryOver(new ConsumerLag() {
    @Override
    public GroupLag read(Platform platform, KafkaSpec kafka, String group, String topic, List<String> retryTopics) {
      throw new AssertionError("the carry-over reads no lag");
    }

    @Override
    public int carryOver(Platform platform, KafkaSpec kafka, String from, String to, List<String> topics) {
      calls.add(kafka.bootstrapServers() + " " + from + " -> " + to + " " + topics);
      if (kafkaDown) throw new KafkaUnavailableException("Kafka at " + kafka.bootstrapServers() + " did not answer within 10s", null);
      return 3;
    }
  });

  @Test
  void workersOfTheDeclaredGroupAreCarriedOverOncePerKafka() {
    var platform = WorkerPoolAutoscalerTest.platformOnThreeClusters();
    var held = carryOver.before(pool(""), platform, WorkerPoolAutoscalerTest.clusters(platform), c -> Optional.of(deploymentConsumingAs("workers")), events::add);
    assertThat(held).isEmpty();
    assertThat(calls).as("aws and hetzner share b:9092; ovh has its own Kafka").containsExactly(
        "b:9092 workers -> shop.workers [shop.orders, shop.orders.retry.10s, shop.orders.retry.1m, shop.orders.retry.10m]",
        "ovh:9092 workers -> shop.workers [shop.orders, shop.orders.retry.10s, shop.orders.retry.1m, shop.orders.retry.10m]");
    assertThat(events).hasSize(2).first().asString().startsWith("the offsets of consumer group workers on 3 partition(s) of shop.orders, ");
  }

  @Test
  void nothingIsAskedOfKafkaOnceTheWorkersConsumeAsThePrefixedGroupOrWhenTheSpecChoseItsGroup() {
    var platform = WorkerPoolAutoscalerTest.platformOnThreeClusters();
    assertThat(carryOver.before(pool(""), platform, WorkerPoolAutoscalerTest.clusters(platform), c -> Optional.of(deploymentConsumingAs("shop.workers")), events::add))
        .isEmpty();
    assertThat(carryOver.before(pool(""), platform, WorkerPoolAutoscalerTest.clusters(platform), c -> Optional.empty(), events::add)).as("a new pool").isEmpty();
    assertThat(carryOver.before(pool("  env: [{name: KEELSON_QUEUE_CONSUMER_GROUP, value: workers}]\n"), platform, WorkerPoolAutoscalerTest.clusters(platform),
        c -> Optional.of(deploymentConsumingAs("workers")), events::add)).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void aKafkaThatCannotBeAskedHoldsItsWorkersAsTheyAre() {
    var platform = WorkerPoolAutoscalerTest.platformOnThreeClusters();
    kafkaDown = true;
    var held = carryOver.before(pool(""), platform, WorkerPoolAutoscalerTest.clusters(platform).subList(0, 1), c -> Optional.of(deploymentConsumingAs("workers")),
        events::add);
    assertThat(held).containsOnlyKeys("b:9092");
    var verdict = held.get("b:9092");
    assertThat(verdict.reason()).isEqualTo(Reason.CONSUMER_GROUP_NOT_CARRIED_OVER);
    assertThat(verdict.reconciled()).isFalse();
    assertThat(ApplyFailure.retried(verdict)).isTrue();
    assertThat(verdict.message()).isEqualTo("consumer group workers is named shop.workers now (prefixed like the Platform's topics); the "
        + "workers keep consuming as workers until its offsets are carried over: Kafka at b:9092 did not answer within 10s");
    assertThat(events).isEmpty();
  }

  private static Deployment deploymentConsumingAs(String group) {
    return new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("workers")
        .addNewEnv().withName(WorkerPoolModelFactory.GROUP_ENV).withValue(group).endEnv()
        .endContainer().endSpec().endTemplate().endSpec().build();
  }

  private static WorkerPool pool(String extra) {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: workers, namespace: shop, uid: w-1, generation: 1}
        spec:
          image: quay.io/keelson/worker:0.1.0
          queue: {topic: orders}
        %s""".formatted(extra), WorkerPool.class);
  }
}
