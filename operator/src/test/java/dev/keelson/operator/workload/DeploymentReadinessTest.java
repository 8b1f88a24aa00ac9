package dev.keelson.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import org.junit.jupiter.api.Test;

class DeploymentReadinessTest {

  @Test
  void aNewSpecNotYetSeenByTheControllerIsProgressing() {
    var verdict = DeploymentReadiness.of(deployment(3, 2, 3, 3, 3, 3));
    assertThat(verdict.reason()).isEqualTo(Reason.DEPLOYMENT_PROGRESSING);
    assertThat(verdict.message()).contains("has not yet acted on");
  }

  @Test
  void allReplicasUpdatedAndAvailableIsReady() {
    var verdict = DeploymentReadiness.of(deployment(3, 3, 3, 3, 3, 3));
    assertThat(verdict.ready()).isTrue();
    assertThat(verdict.message()).isEqualTo("3/3 pods available");
  }

  @Test
  void oldPodsStillRunningKeepItProgressing() {
    var verdict = DeploymentReadiness.of(deployment(3, 3, 3, 4, 3, 3));
    assertThat(verdict.ready()).isFalse();
    assertThat(verdict.degraded()).isFalse();
  }

  @Test
  void aMissedProgressDeadlineIsDegradedWithTheControllersWords() {
    Deployment d = deployment(3, 3, 3, 3, 1, 1);
    d.getStatus().setConditions(java.util.List.of(new DeploymentConditionBuilder()
        .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
        .withMessage("ReplicaSet \"orders-5d9\" has timed out progressing.").build()));
    var verdict = DeploymentReadiness.of(d);
    assertThat(verdict.degraded()).isTrue();
    assertThat(verdict.reason()).isEqualTo(Reason.DEPLOYMENT_UNAVAILABLE);
    assertThat(verdict.stalled()).as("kstatus calls such a Deployment Failed; so does its Service").isTrue();
    assertThat(verdict.message()).isEqualTo("Deployment orders: ProgressDeadlineExceeded: ReplicaSet \"orders-5d9\" has timed out progressing.");
  }

  private static Deployment deployment(int wanted, long observedGeneration, int updated, int total, int available, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("orders").withGeneration(3L).endMetadata()
        .withNewSpec().withReplicas(wanted).endSpec()
        .withNewStatus()
        .withObservedGeneration(observedGeneration)
        .withUpdatedReplicas(updated)
        .withReplicas(total)
        .withAvailableReplicas(available)
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }
}
