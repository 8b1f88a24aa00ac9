package dev.keelson.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The condition types every Keelson kind reports: {@code Ready}, {@code Reconciled} and
 * {@code Degraded}, and the two kstatus reads (sigs.k8s.io/cli-utils, as Flux and kpt use it):
 * {@code Reconciling} (True while Keelson works towards the spec) and {@code Stalled} (True when it
 * cannot progress without a change). {@code lastTransitionTime} moves only when a condition's
 * status changes, so an unchanged state gives an identical status (and no write).
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String RECONCILED = "Reconciled";
  public static final String DEGRADED = "Degraded";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** A condition; its transition time is the previous one's when the status did not change. */
  public static Condition condition(List<Condition> previous, String type, String status, String reason, String message,
      long generation, Instant now) {
    String transition = find(previous, type)
        .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  public static String of(boolean value) {
    return value ? TRUE : FALSE;
  }
}
