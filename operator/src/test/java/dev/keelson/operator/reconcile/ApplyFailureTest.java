package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import org.junit.jupiter.api.Test;

class ApplyFailureTest {

  @Test
  void theApiServersStatusIsQuotedAndARefusalOfTheSpecIsNotRetried() {
    var status = new StatusBuilder().withKind("Status").withApiVersion("v1").withCode(422).withReason("Invalid")
        .withMessage("Deployment.apps \"orders\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value").build();
    var verdict = ApplyFailure.verdict("Deployment orders", new KubernetesClientException(status));
    assertThat(verdict.reason()).isEqualTo(Reason.INVALID_SPEC);
    assertThat(verdict.message()).isEqualTo("the API server rejected Deployment orders: " + status.getMessage());
    assertThat(ApplyFailure.retried(verdict)).isFalse();
  }

  @Test
  void aResponseThatWasNoStatusIsNotQuoted() {
    // What fabric8 makes of a proxy's page or any body that does not parse as a Status.
    var status = OperationSupport.createStatus(502, "<html>token=s3cr3t from the remote's proxy</html>");
    var verdict = ApplyFailure.verdict("Deployment orders", new KubernetesClientException(status));
    assertThat(verdict.message()).isEqualTo("could not apply Deployment orders (HTTP 502): HTTP 502").doesNotContain("s3cr3t");
    assertThat(ApplyFailure.retried(verdict)).isTrue();
  }

  @Test
  void aLongMessageIsShortened() {
    var status = new StatusBuilder().withKind("Status").withCode(500).withMessage("x".repeat(5000)).build();
    assertThat(ApplyFailure.cause(new KubernetesClientException(status))).hasSize(ApplyFailure.MAX_CAUSE + 1).endsWith("…");
  }
}
