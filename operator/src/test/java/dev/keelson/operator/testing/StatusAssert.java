package dev.keelson.operator.testing;

import dev.keelson.operator.api.v1alpha1.KeelsonStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the conditions of a Platform's, Service's or WorkerPool's status, and the lookups
 * the tests wait on, in one place: {@code assertThatStatus(status).isNotReady().hasReason(...)}.
 * A failure names every condition the status has.
 */
public final class StatusAssert extends AbstractAssert<StatusAssert, KeelsonStatus> {

  private StatusAssert(KeelsonStatus status) {
    super(status, StatusAssert.class);
  }

  public static StatusAssert assertThatStatus(KeelsonStatus status) {
    return new StatusAssert(status);
  }

  /** The condition of that type; a test failure when the status has none. */
  public static Condition condition(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type)
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + describe(conditions)));
  }

  public static Condition condition(KeelsonStatus status, String type) {
    return condition(status == null ? null : status.conditions(), type);
  }

  public static Condition ready(List<Condition> conditions) {
    return condition(conditions, Conditions.READY);
  }

  public static Condition ready(KeelsonStatus status) {
    return condition(status, Conditions.READY);
  }

  /** Whether the status says Ready=True: what a test waits for. */
  public static boolean isReady(KeelsonStatus status) {
    return status != null && Conditions.find(status.conditions(), Conditions.READY).filter(c -> Conditions.TRUE.equals(c.getStatus()))
        .isPresent();
  }

  /** Whether the status says Reconciled=True for that generation: the spec of that generation is applied. */
  public static boolean isReconciled(KeelsonStatus status, Long generation) {
    return status != null && Conditions.find(status.conditions(), Conditions.RECONCILED)
        .filter(c -> Conditions.TRUE.equals(c.getStatus()) && java.util.Objects.equals(generation, c.getObservedGeneration())).isPresent();
  }

  /** Whether Ready has that reason: what a test waits for. */
  public static boolean hasReadyReason(KeelsonStatus status, Reason reason) {
    return status != null && Conditions.find(status.conditions(), Conditions.READY).filter(c -> reason.toString().equals(c.getReason()))
        .isPresent();
  }

  public StatusAssert isReady() {
    return hasCondition(Conditions.READY, Conditions.TRUE);
  }

  public StatusAssert isNotReady() {
    return hasCondition(Conditions.READY, Conditions.FALSE);
  }

  public StatusAssert isDegraded() {
    return hasCondition(Conditions.DEGRADED, Conditions.TRUE);
  }

  public StatusAssert isNotDegraded() {
    return hasCondition(Conditions.DEGRADED, Conditions.FALSE);
  }

  /** Ready's reason. */
  public StatusAssert hasReason(Reason reason) {
    isNotNull();
    var ready = ready(actual);
    if (!reason.toString().equals(ready.getReason())) {
      failWithMessage("Expected Ready's reason to be %s but the conditions are %s", reason, describe(actual.conditions()));
    }
    return this;
  }

  /** Ready's message, exactly. */
  public StatusAssert hasMessage(String message) {
    isNotNull();
    if (!message.equals(ready(actual).getMessage())) {
      failWithMessage("Expected Ready's message to be%n  %s%nbut the conditions are %s", message, describe(actual.conditions()));
    }
    return this;
  }

  public StatusAssert hasMessageContaining(String part) {
    isNotNull();
    var message = ready(actual).getMessage();
    if (message == null || !message.contains(part)) {
      failWithMessage("Expected Ready's message to contain%n  %s%nbut the conditions are %s", part, describe(actual.conditions()));
    }
    return this;
  }

  public StatusAssert hasCondition(String type, String status) {
    isNotNull();
    if (!status.equals(condition(actual, type).getStatus())) {
      failWithMessage("Expected %s=%s but the conditions are %s", type, status, describe(actual.conditions()));
    }
    return this;
  }

  private static String describe(List<Condition> conditions) {
    if (conditions == null || conditions.isEmpty()) return "[] (none)";
    return conditions.stream().map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
