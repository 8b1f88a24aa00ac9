package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.kafka.KafkaAdmin.TopicSpec;
import dev.keelson.operator.kafka.KafkaAdmin.TopicState;
import dev.keelson.operator.status.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPlanTest {
  static final TopicPlan.Defaults DEFAULTS =
      new TopicPlan.Defaults("shop.", 3, 3, Map.of("retention.ms", "604800000"), DeletionPolicy.Retain);

  @Test
  void aTopicDeclaredTwiceIsCreatedOnceWithTheMostPartitionsAndTheFirstWorkloadsConfigs() {
    var desired = TopicPlan.desired(List.of(
        new TopicDeclaration("order-events", 6, null, Map.of("cleanup.policy", "compact"), "Service/b"),
        new TopicDeclaration("order-events", 12, null, Map.of("cleanup.policy", "delete", "retention.ms", "1000"), "Service/a"),
        new TopicDeclaration("payment-events", null, 1, null, "WorkerPool/c")), DEFAULTS);

    var plan = TopicPlan.of(desired, Map.of(), List.of(), DeletionPolicy.Retain, true);

    assertThat(plan.create()).containsExactly(
        new TopicSpec("shop.order-events", 12, 3, Map.of("cleanup.policy", "delete", "retention.ms", "1000")),
        new TopicSpec("shop.payment-events", 3, 1, Map.of("retention.ms", "604800000")));
    assertThat(plan.statuses().get("shop.order-events").declaredBy()).containsExactly("Service/a", "Service/b");
    assertThat(plan.statuses().get("shop.order-events").origin()).isEqualTo(TopicStatus.CREATED);
  }

  @Test
  void partitionsGrowButADecreaseIsRefusedWithTheCurrentCount() {
    var desired = TopicPlan.desired(List.of(
        new TopicDeclaration("grow", 8, null, null, "Service/a"),
        new TopicDeclaration("shrink", 2, null, null, "Service/a")), DEFAULTS);
    var existing = Map.of(
        "shop.grow", new TopicState("shop.grow", 4, 3, Map.of("retention.ms", "604800000")),
        "shop.shrink", new TopicState("shop.shrink", 6, 3, Map.of("retention.ms", "604800000")));

    var plan = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, true);

    assertThat(plan.increasePartitions()).containsExactly(Map.entry("shop.grow", 8));
    assertThat(plan.create()).isEmpty();
    var shrink = plan.statuses().get("shop.shrink");
    assertThat(shrink.ready()).isFalse();
    assertThat(shrink.reason()).isEqualTo(Reason.PARTITION_DECREASE_REFUSED.toString());
    assertThat(shrink.partitions()).isEqualTo(6);
    assertThat(shrink.message()).isEqualTo("topic shop.shrink has 6 partitions and partitions can only grow; "
        + "the declared 2 is refused (declare 6 or more)");
    assertThat(plan.statuses().get("shop.grow").ready()).isTrue();
    assertThat(plan.statuses().get("shop.grow").origin()).isEqualTo(TopicStatus.ADOPTED);
  }

  @Test
  void aReplicationFactorChangeIsReportedAndNotApplied() {
    var desired = TopicPlan.desired(List.of(new TopicDeclaration("t", 3, 2, null, "Service/a")), DEFAULTS);
    var existing = Map.of("shop.t", new TopicState("shop.t", 3, 3, Map.of("retention.ms", "604800000")));

    var plan = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, true);

    assertThat(plan.empty()).isTrue();
    assertThat(plan.statuses().get("shop.t").reason()).isEqualTo(Reason.REPLICATION_FACTOR_IMMUTABLE.toString());
    assertThat(plan.statuses().get("shop.t").message()).contains("has replication factor 3, which cannot change; the declared 2");
  }

  @Test
  void onlyDifferingConfigsAreSet() {
    var desired = TopicPlan.desired(List.of(new TopicDeclaration("t", null, null, Map.of("cleanup.policy", "compact"), "Service/a")), DEFAULTS);
    var existing = Map.of("shop.t", new TopicState("shop.t", 3, 3, Map.of("retention.ms", "604800000", "cleanup.policy", "delete")));

    var plan = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, true);

    assertThat(plan.setConfigs()).containsExactly(Map.entry("shop.t", Map.of("cleanup.policy", "compact")));
  }

  @Test
  void anAdoptedTopicIsKeptAsFoundUnlessThePlatformLetsTheWorkloadsManageIt() {
    var desired = TopicPlan.desired(List.of(new TopicDeclaration("legacy", 8, null, Map.of("compression.type", "zstd"), "Service/a")),
        DEFAULTS);
    var existing = Map.of("shop.legacy", new TopicState("shop.legacy", 3, 3, Map.of("retention.ms", "-1", "compression.type", "producer")));

    var kept = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, false);
    assertThat(kept.empty()).isTrue();
    var status = kept.statuses().get("shop.legacy");
    assertThat(status.ready()).isTrue();
    assertThat(status.partitions()).isEqualTo(3);
    assertThat(status.message()).endsWith("topic shop.legacy was there before Keelson and is kept as found, so the declared 8 partitions "
        + "(it has 3), compression.type=zstd is not applied (the Platform's adoptedTopics: Manage would apply it)");

    var managed = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, true);
    assertThat(managed.increasePartitions()).containsExactly(Map.entry("shop.legacy", 8));
  }

  @Test
  void anAdoptedTopicKeepsItsOwnSettingsButWhatWorkloadsDeclare() {
    var desired = TopicPlan.desired(List.of(new TopicDeclaration("legacy", null, null, Map.of("compression.type", "zstd"), "Service/a")),
        DEFAULTS);
    var existing = Map.of("shop.legacy", new TopicState("shop.legacy", 3, 3, Map.of("retention.ms", "-1", "compression.type", "producer")));

    var adopted = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, true);
    assertThat(adopted.setConfigs()).containsExactly(Map.entry("shop.legacy", Map.of("compression.type", "zstd")));

    var created = List.of(new TopicStatus("shop.legacy", 3, 3, true, Reason.TOPIC_READY.toString(), "", TopicStatus.CREATED, List.of("Service/a")));
    assertThat(TopicPlan.of(desired, existing, created, DeletionPolicy.Retain, true).setConfigs().get("shop.legacy"))
        .as("a topic Keelson created follows the Platform's defaults too").containsEntry("retention.ms", "604800000");
  }

  @Test
  void anAdoptedTopicKeepsItsPartitionsAndReplicationUnlessAWorkloadDeclaresThem() {
    // A pool consuming a pre-existing topic declares nothing about it: 1 or 24 partitions, RF 1, all stay as they are.
    var desired = TopicPlan.desired(List.of(
        new TopicDeclaration("small", null, null, null, "WorkerPool/a"),
        new TopicDeclaration("large", null, null, null, "WorkerPool/b"),
        new TopicDeclaration("grown", 4, null, null, "Service/c")), DEFAULTS);
    var existing = Map.of(
        "shop.small", new TopicState("shop.small", 1, 1, Map.of()),
        "shop.large", new TopicState("shop.large", 24, 3, Map.of()),
        "shop.grown", new TopicState("shop.grown", 1, 1, Map.of()));

    var plan = TopicPlan.of(desired, existing, List.of(), DeletionPolicy.Retain, true);

    assertThat(plan.increasePartitions()).containsExactly(Map.entry("shop.grown", 4));
    assertThat(plan.statuses().values()).allSatisfy(t -> assertThat(t.ready()).as(t.message()).isTrue());
    assertThat(plan.statuses().get("shop.small").partitions()).isEqualTo(1);
    assertThat(plan.statuses().get("shop.large").partitions()).isEqualTo(24);
  }

  @Test
  void anUndeclaredTopicIsKeptUnderRetainAndDeletedUnderDeleteOnlyWhenKeelsonCreatedIt() {
    var previous = List.of(
        new TopicStatus("shop.created", 3, 3, true, Reason.TOPIC_READY.toString(), "", TopicStatus.CREATED, List.of("Service/a")),
        new TopicStatus("shop.adopted", 3, 3, true, Reason.TOPIC_READY.toString(), "", TopicStatus.ADOPTED, List.of("Service/a")),
        new TopicStatus("shop.gone", 3, 3, true, Reason.TOPIC_READY.toString(), "", TopicStatus.CREATED, List.of("Service/a")));
    var existing = Map.of(
        "shop.created", new TopicState("shop.created", 3, 3, Map.of()),
        "shop.adopted", new TopicState("shop.adopted", 3, 3, Map.of()));
    var nothingDeclared = TopicPlan.desired(List.of(), DEFAULTS);

    var retain = TopicPlan.of(nothingDeclared, existing, previous, DeletionPolicy.Retain, true);
    assertThat(retain.delete()).isEmpty();
    assertThat(retain.released()).containsExactly("shop.adopted", "shop.created", "shop.gone");
    assertThat(retain.statuses()).isEmpty();

    var delete = TopicPlan.of(nothingDeclared, existing, previous, DeletionPolicy.Delete, true);
    assertThat(delete.delete()).containsExactly("shop.created");
    assertThat(delete.released()).containsExactly("shop.adopted", "shop.gone");
  }

  @Test
  void aTopicKeelsonCreatedKeepsItsOriginAcrossSyncs() {
    var previous = List.of(new TopicStatus("shop.t", 3, 3, true, Reason.TOPIC_READY.toString(), "", TopicStatus.CREATED, List.of("Service/a")));
    var desired = TopicPlan.desired(List.of(new TopicDeclaration("t", null, null, null, "Service/a")), DEFAULTS);
    var existing = Map.of("shop.t", new TopicState("shop.t", 3, 3, Map.of("retention.ms", "604800000")));

    var plan = TopicPlan.of(desired, existing, previous, DeletionPolicy.Delete, true);

    assertThat(plan.empty()).isTrue();
    assertThat(plan.statuses().get("shop.t").origin()).isEqualTo(TopicStatus.CREATED);
  }
}
