package dev.keelson.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.ClusterTarget;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterOutcomeTest {
  static final Verdict READY = Verdict.ready(Reason.AVAILABLE, "2/2 pods available");
  static final Verdict PROGRESSING = Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "1/2 pods available");
  static final Verdict UNREACHABLE = Verdict.blocked(Reason.APPLY_FAILED, "connection refused");

  @Test
  void oneClusterPassesItsVerdictThrough() {
    assertThat(ClusterOutcome.aggregate(List.of(outcome("local", PROGRESSING)), "unused")).isEqualTo(PROGRESSING);
  }

  @Test
  void allReadyIsReady() {
    var verdict = ClusterOutcome.aggregate(List.of(outcome("aws", READY), outcome("ovh", READY)), "ready on all 2 clusters");
    assertThat(verdict).isEqualTo(Verdict.ready(Reason.AVAILABLE, "ready on all 2 clusters"));
  }

  @Test
  void theWorstClusterNamesTheCauseAndEveryNotReadyClusterIsListed() {
    var verdict = ClusterOutcome.aggregate(
        List.of(outcome("aws", READY), outcome("hetzner", PROGRESSING), outcome("ovh", UNREACHABLE)), "unused");
    assertThat(verdict.ready()).isFalse();
    assertThat(verdict.reconciled()).isFalse();
    assertThat(verdict.degraded()).isTrue();
    assertThat(verdict.reason()).isEqualTo(Reason.APPLY_FAILED);
    assertThat(verdict.message()).isEqualTo("cluster hetzner: 1/2 pods available; cluster ovh: connection refused");
  }

  @Test
  void aStalledClusterMakesTheWholeStalledWhatEverAnotherClusterIsWaitingFor() {
    var connecting = Verdict.waiting(Reason.CLUSTER_CONNECTING, "connecting to its API server");
    var refused = Verdict.degraded(Reason.MEMBER_CHANGE_REFUSED, "removing a member would leave no majority");
    var verdict = ClusterOutcome.aggregate(List.of(outcome("aws", connecting), outcome("ovh", refused)), "unused");
    assertThat(verdict.reason()).isEqualTo(Reason.MEMBER_CHANGE_REFUSED);
    assertThat(verdict.stalled()).isTrue();
    assertThat(verdict.reconciled()).as("still not reconciled on aws").isFalse();
  }

  @Test
  void aRolloutInProgressIsNeitherReadyNorDegraded() {
    var verdict = ClusterOutcome.aggregate(List.of(outcome("aws", READY), outcome("ovh", PROGRESSING)), "unused");
    assertThat(verdict.reconciled()).isTrue();
    assertThat(verdict.degraded()).isFalse();
  }

  @Test
  void lastSyncTimeMovesOnlyWhenTheClusterStateChanges() {
    var t0 = Instant.parse("2026-11-22T10:00:00Z");
    var t1 = Instant.parse("2026-11-22T10:01:00Z");
    ClusterStatus first = outcome("aws", READY).toStatus(null, 4, t0);
    assertThat(first.lastSyncTime()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(outcome("aws", READY).toStatus(List.of(first), 4, t1)).isEqualTo(first);
    assertThat(outcome("aws", READY).toStatus(List.of(first), 5, t1).lastSyncTime()).isEqualTo("2026-11-22T10:01:00Z");
    assertThat(outcome("aws", PROGRESSING).toStatus(List.of(first), 4, t1).lastSyncTime()).isEqualTo("2026-11-22T10:01:00Z");
  }

  /** Found in MultiClusterIT: after a restart a cluster still connecting came last, and the status was rewritten. */
  @Test
  void outcomesFollowThePlatformsListWhicheverClustersAreUsable() {
    var platform = new Platform();
    platform.setSpec(new PlatformSpec(null, List.of(target("aws-prod"), target("hetzner-staging"), target("ovh-dev")), null, null, null, null, null));
    var usableFirst = List.of(outcome("aws-prod", READY), outcome("ovh-dev", READY), outcome("unlisted", UNREACHABLE),
        outcome("hetzner-staging", UNREACHABLE));

    assertThat(ClusterOutcome.inListedOrder(usableFirst, platform)).extracting(ClusterOutcome::cluster)
        .containsExactly("aws-prod", "hetzner-staging", "ovh-dev", "unlisted");
  }

  private static ClusterTarget target(String name) {
    return new ClusterTarget(name, null, null, null, null);
  }

  private static ClusterOutcome outcome(String cluster, Verdict verdict) {
    return new ClusterOutcome(cluster, verdict, 2, verdict.ready() ? 2 : 1);
  }
}
