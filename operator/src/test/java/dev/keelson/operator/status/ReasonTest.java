package dev.keelson.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue: what each reason means for Events, retries and kstatus's Stalled. */
class ReasonTest {

  @Test
  void everyReasonIsCamelCaseAndReadBackByItsName() {
    for (var reason : Reason.values()) {
      assertThat(reason.toString()).matches("[A-Z][A-Za-z]+");
      assertThat(Reason.named(reason.toString())).isSameAs(reason);
    }
    assertThatThrownBy(() -> Reason.named("Progressing")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Keelson writes no reason named Progressing");
  }

  @Test
  void retriedAreTheFailuresNoInformerOfTheOwnerSeesEnd() {
    assertThat(Arrays.stream(Reason.values()).filter(Reason::retried).map(Reason::toString).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("ApplyFailed", "ClusterWatchFailed", "NameConflict", "DataCredentialsMissing", "ClusterConnecting",
            "SecretNotAllowed", "ConsumerGroupNotCarriedOver");
  }

  @Test
  void aReadyReasonOrAStepOfTheWorkIsNormalAnythingElseAWarning() {
    assertThat(Reason.AVAILABLE.eventType()).isEqualTo("Normal");
    assertThat(Reason.DEPLOYMENT_PROGRESSING.eventType()).isEqualTo("Normal");
    assertThat(Reason.SCALED_UP.eventType()).isEqualTo("Normal");
    assertThat(Reason.CONSUMER_GROUP_CARRIED_OVER.eventType()).isEqualTo("Normal");
    assertThat(Reason.NAME_CONFLICT.eventType()).isEqualTo("Warning");
    assertThat(Reason.CLUSTER_UNREACHABLE.eventType()).isEqualTo("Warning");
  }

  @Test
  void stalledMeansAChangeByAUserIsNeededNeverATransientFault() {
    assertThat(Reason.INVALID_SPEC.stalled()).isTrue();
    assertThat(Reason.NAME_CONFLICT.stalled()).isTrue();
    assertThat(Reason.INVALID_KUBECONFIG.stalled()).isTrue();
    assertThat(Reason.PARTITION_DECREASE_REFUSED.stalled()).isTrue();
    assertThat(Arrays.stream(Reason.values()).filter(Reason::stalled))
        .as("nothing that ends by itself").doesNotContain(Reason.APPLY_FAILED, Reason.CLUSTER_UNREACHABLE, Reason.CLUSTER_CONNECTING,
            Reason.KAFKA_UNAVAILABLE, Reason.DEPLOYMENT_PROGRESSING, Reason.PLATFORM_NOT_FOUND, Reason.RECONCILE_FAILED);
  }
}
