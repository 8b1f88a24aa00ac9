package dev.keelson.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
  static final Instant T1 = Instant.parse("2026-11-22T10:05:00Z");

  @Test
  void aReadyVerdictGivesTheThreeConditions() {
    var conditions = Verdict.ready(Reason.AVAILABLE, "2/2 pods available").conditions(null, 3, T0);
    assertThat(conditions).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=True/Available", "Reconciled=True/Applied", "Degraded=False/AsExpected");
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
        .containsExactly("Ready=False/InvalidSpec:bad", "Reconciled=False/InvalidSpec:bad", "Degraded=True/InvalidSpec:bad");
  }
}
