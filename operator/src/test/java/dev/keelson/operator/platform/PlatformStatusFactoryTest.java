package dev.keelson.operator.platform;

import static dev.keelson.operator.testing.StatusAssert.assertThatStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.platform.PlatformStatusFactory.Findings;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Platform's status from one reconcile's findings, without a server. */
class PlatformStatusFactoryTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final ClusterOutcome AWS = new ClusterOutcome("aws", Verdict.ready(Reason.CLUSTER_READY, "cluster aws ready"), null, null);
  static final ClusterOutcome OVH = new ClusterOutcome("ovh", Verdict.ready(Reason.CLUSTER_READY, "cluster ovh ready"), null, null);
  static final RedisStatus REDIS = new RedisStatus(true, Reason.USERS_READY.toString(), "3 ACL user(s) in place", 3, "2026-12-01T09:00:00Z");

  @Test
  void readyWhenEveryClusterIsAndEveryKafkaIsAsDeclared() {
    var status = PlatformStatusFactory.reconciled(null, 2, T0, findings(List.of(AWS, OVH), kafka(true, Reason.TOPICS_READY, "4 topic(s) as declared")));
    assertThatStatus(status).isReady().hasReason(Reason.CLUSTER_READY).hasMessage("all 2 clusters ready");
    assertThat(status.clusterSummary()).isEqualTo("2/2");
    assertThat(status.clusters()).extracting(ClusterStatus::name).containsExactly("aws", "ovh");
    assertThat(status.redis()).isEqualTo(REDIS);
    assertThat(status.clusterKafkas()).as("no cluster has a Kafka of its own").isNull();
  }

  @Test
  void readyClustersWithADataServiceThatIsNotReadyOverThemTakeItsVerdict() {
    var status = PlatformStatusFactory.reconciled(null, 2, T0,
        findings(List.of(AWS), kafka(false, Reason.PARTITION_DECREASE_REFUSED, "topic shop.orders has 6 partitions")));
    assertThatStatus(status).isNotReady().isDegraded().hasReason(Reason.PARTITION_DECREASE_REFUSED)
        .hasMessage("Kafka b:9092: topic shop.orders has 6 partitions");
    assertThat(status.kafka().ready()).isFalse();
  }

  @Test
  void aClusterThatIsNotReadyIsTheCauseWhateverKafkaSays() {
    var down = new ClusterOutcome("ovh", Verdict.degraded(Reason.CLUSTER_UNREACHABLE, "its API server cannot be reached"), null, null);
    var status = PlatformStatusFactory.reconciled(null, 2, T0, findings(List.of(AWS, down), kafka(false, Reason.KAFKA_UNAVAILABLE, "down")));
    assertThatStatus(status).hasReason(Reason.CLUSTER_UNREACHABLE);
    assertThat(status.clusterSummary()).isEqualTo("1/2");
  }

  @Test
  void theSameFindingsLaterGiveTheSameStatus() {
    var found = findings(List.of(AWS, OVH), kafka(true, Reason.TOPICS_READY, "4 topic(s) as declared"));
    var first = PlatformStatusFactory.reconciled(null, 2, T0, found);
    assertThat(PlatformStatusFactory.reconciled(first, 2, T0.plusSeconds(600), found)).as("nothing to write").isEqualTo(first);
  }

  @Test
  void whatIsNotReconciledKeepsTheDataServicesLastWordAndSaysWhy() {
    var before = PlatformStatusFactory.reconciled(null, 2, T0, findings(List.of(AWS, OVH), kafka(true, Reason.TOPICS_READY, "ok")));
    var failed = PlatformStatusFactory.failed(before, 2, T0.plusSeconds(5), new IllegalStateException("boom"));
    assertThatStatus(failed).isNotReady().hasReason(Reason.RECONCILE_FAILED).hasMessage("reconcile failed: boom");
    assertThat(failed.clusters()).isEqualTo(before.clusters());
    assertThat(failed.kafka()).isEqualTo(before.kafka());
    assertThat(failed.redis()).isEqualTo(REDIS);

    var invalid = PlatformStatusFactory.invalidSpec(before, 3, T0.plusSeconds(5), "bad");
    assertThat(invalid.clusters()).as("which clusters an invalid spec means is not known").isEmpty();
    assertThat(invalid.clusterSummary()).isEqualTo("0/0");
    assertThat(invalid.redis()).isEqualTo(REDIS);
  }

  /** What a reconcile found with one Kafka, which (as PlatformTopics does) gives a verdict when it is not ready. */
  private static Findings findings(List<ClusterOutcome> outcomes, KafkaStatus kafka) {
    var verdict = kafka.ready() ? null : Verdict.degraded(Reason.named(kafka.reason()), "Kafka " + kafka.bootstrapServers() + ": " + kafka.message());
    return new Findings(outcomes, verdict, new StatusSlices(kafka, null, REDIS, null), null);
  }

  private static KafkaStatus kafka(boolean ready, Reason reason, String message) {
    return new KafkaStatus("b:9092", List.of("aws", "ovh"), ready, reason.toString(), message, "2026-12-01T09:59:00Z", List.of());
  }
}
