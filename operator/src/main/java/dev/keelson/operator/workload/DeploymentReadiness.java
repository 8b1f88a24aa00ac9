package dev.keelson.operator.workload;

import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Objects;

/** Reads a Deployment's status the way {@code kubectl rollout status} does. */
public final class DeploymentReadiness {
  private DeploymentReadiness() {}

  public static Verdict of(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    DeploymentStatus status = Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
    if (observed < generation) {
      return Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "Deployment " + name + " has a new spec the Deployment controller has not yet acted on");
    }
    int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    var deadline = status.getConditions() == null ? null : status.getConditions().stream()
        .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
        .findFirst().orElse(null);
    if (deadline != null) {
      return Verdict.degraded(Reason.DEPLOYMENT_UNAVAILABLE, "Deployment " + name + ": " + describe(deadline));
    }
    if (updated >= wanted && available >= wanted && total <= updated) {
      return Verdict.ready(Reason.AVAILABLE, available + "/" + wanted + " pods available");
    }
    return Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "Deployment " + name + ": " + updated + "/" + wanted + " pods updated, "
        + available + "/" + wanted + " available");
  }

  public static int readyReplicas(Deployment deployment) {
    return deployment.getStatus() == null ? 0 : Objects.requireNonNullElse(deployment.getStatus().getReadyReplicas(), 0);
  }

  private static String describe(DeploymentCondition condition) {
    return condition.getReason() + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
  }
}
