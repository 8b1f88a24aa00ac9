package dev.keelson.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
  static final Instant T1 = Instant.parse("2026-11-22T10:05:00Z");

  @Test
  void aReadyVerdictGivesTheFiveConditionsNeitherReconcilingNorStalled() {
    var conditions = Verdict.ready(Reason.AVAILABLE, "2/2 pods available").conditions(null, 3, T0);
    assertThat(conditions).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=True/Available", "Reconciled=True/Applied", "Degraded=False/AsExpected", "Reconciling=False/Applied",
            "Stalled=False/AsExpected");
    assertThat(Conditions.find(conditions, Conditions.RECONCILING).orElseThrow().getMessage())
        .isEqualTo("generation 3 is applied and ready; nothing left to do");
    assertThat(conditions).allSatisfy(c -> {
      assertThat(c.getObservedGeneration()).isEqualTo(3);
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
    });
  }

  @Test
  void transitionTimeIsKeptWhileTheStatusDoesNotChange() {
    var before = Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "0/2 pods available").conditions(null, 1, T0);
    var after = Verdict.ready(Reason.AVAILABLE, "2/2 pods available").conditions(before, 1, T1);
    assertThat(Conditions.find(after, Conditions.READY).orElseThrow().getLastTransitionTime()).isEqualTo("2026-11-22T10:05:00Z");
    assertThat(Conditions.find(after, Conditions.RECONCILED).orElseThrow().getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(Conditions.find(after, Conditions.DEGRADED).orElseThrow().getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void anUnchangedVerdictGivesEqualConditions() {
    var verdict = Verdict.blocked(Reason.PLATFORM_NOT_FOUND, "no Platform exists in namespace shop");
    var first = verdict.conditions(null, 1, T0);
    assertThat(verdict.conditions(first, 1, T1)).isEqualTo(first);
  }

  @Test
  void aBlockedVerdictIsNotReconciledAndDegradedWithItsCause() {
    var conditions = Verdict.blocked(Reason.INVALID_SPEC, "bad").conditions(List.of(), 2, T0);
    assertThat(conditions).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + ":" + c.getMessage())
        .containsExactly("Ready=False/InvalidSpec:bad", "Reconciled=False/InvalidSpec:bad", "Degraded=True/InvalidSpec:bad",
            "Reconciling=False/InvalidSpec:stopped until something changes: bad", "Stalled=True/InvalidSpec:bad");
  }

  @Test
  void workUnderWayAndAnEnvironmentToRecoverFromAreReconcilingNeverStalled() {
    for (var verdict : List.of(Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "1/2 pods available"),
        Verdict.degraded(Reason.CLUSTER_UNREACHABLE, "cluster ovh: its API server cannot be reached"),
        Verdict.blocked(Reason.PLATFORM_NOT_FOUND, "no Platform exists in namespace shop"))) {
      var conditions = verdict.conditions(null, 2, T0);
      assertThat(Conditions.find(conditions, Conditions.RECONCILING).orElseThrow())
          .extracting(c -> c.getStatus() + "/" + c.getReason() + ":" + c.getMessage())
          .isEqualTo("True/" + verdict.reason() + ":" + verdict.message());
      assertThat(Conditions.find(conditions, Conditions.STALLED).orElseThrow().getStatus()).isEqualTo(Conditions.FALSE);
    }
  }

  @Test
  void aPausedObjectIsNeitherReconcilingNorStalled() {
    var conditions = Verdict.paused("paused by the annotation").conditions(null, 2, T0);
    assertThat(conditions).extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=Unknown", "Reconciled=False", "Degraded=False", "Reconciling=False", "Stalled=False");
  }
}
