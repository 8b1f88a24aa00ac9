package dev.keelson.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a reconcile in the terms of the three conditions: whether the spec was applied,
 * whether the result is ready (True, False, or Unknown while Keelson is not looking), whether it
 * runs with less than asked for; each with a CamelCase reason and a message naming the root cause.
 */
public record Verdict(boolean reconciled, String readyStatus, boolean degraded, Reason reason, String message) {
  public static Verdict ready(Reason reason, String message) {
    return new Verdict(true, Conditions.TRUE, false, reason, message);
  }

  /** Applied, but not ready yet: the normal state while a rollout progresses. */
  public static Verdict progressing(Reason reason, String message) {
    return new Verdict(true, Conditions.FALSE, false, reason, message);
  }

  /** Not applied yet: waiting for something Keelson makes elsewhere (the Platform's CA); nothing is wrong. */
  public static Verdict waiting(Reason reason, String message) {
    return new Verdict(false, Conditions.FALSE, false, reason, message);
  }

  /** Applied, running with less than asked for. */
  public static Verdict degraded(Reason reason, String message) {
    return new Verdict(true, Conditions.FALSE, true, reason, message);
  }

  /** Not applied: the spec cannot be acted on until the user or the environment changes. */
  public static Verdict blocked(Reason reason, String message) {
    return new Verdict(false, Conditions.FALSE, true, reason, message);
  }

  /** Not applied because the user paused it: readiness is unknown, nothing is degraded. */
  public static Verdict paused(String message) {
    return new Verdict(false, Conditions.UNKNOWN, false, Reason.PAUSED, message);
  }

  public boolean ready() {
    return Conditions.TRUE.equals(readyStatus);
  }

  /** Not ready, and nothing will change that until the user or the platform team changes something (kstatus: Failed). */
  public boolean stalled() {
    return !ready() && reason.stalled();
  }

  /** Not ready yet, and Keelson is at work on it: a rollout, a cluster catching up, a retry (kstatus: InProgress). */
  public boolean reconciling() {
    return !ready() && !stalled() && !Conditions.UNKNOWN.equals(readyStatus);
  }

  /**
   * The conditions, keeping transition times of those whose status did not change: Ready,
   * Reconciled and Degraded, and kstatus's abnormal-true pair, Reconciling and Stalled, with this
   * verdict's reason and message while they hold.
   */
  public List<Condition> conditions(List<Condition> previous, long generation, Instant now) {
    String okMessage = "the spec of generation " + generation + " is applied";
    return List.of(
        Conditions.condition(previous, Conditions.READY, readyStatus, reason.toString(), message, generation, now),
        Conditions.condition(previous, Conditions.RECONCILED, Conditions.of(reconciled),
            (reconciled ? Reason.APPLIED : reason).toString(), reconciled ? okMessage : message, generation, now),
        Conditions.condition(previous, Conditions.DEGRADED, Conditions.of(degraded),
            (degraded ? reason : Reason.AS_EXPECTED).toString(), degraded ? message : "nothing is degraded", generation, now),
        Conditions.condition(previous, Conditions.RECONCILING, Conditions.of(reconciling()), reconcilingReason().toString(),
            reconcilingMessage(generation), generation, now),
        Conditions.condition(previous, Conditions.STALLED, Conditions.of(stalled()), (stalled() ? reason : Reason.AS_EXPECTED).toString(),
            stalled() ? message : "nothing stops progress", generation, now));
  }

  private Reason reconcilingReason() {
    if (ready()) return Reason.APPLIED;
    return reason;
  }

  private String reconcilingMessage(long generation) {
    if (ready()) return "generation " + generation + " is applied and ready; nothing left to do";
    if (stalled()) return "stopped until something changes: " + message;
    return message;
  }

  /** The other verdict where it is worse than the workload's own: not applied, then degraded, then not ready. */
  public static Verdict worse(Verdict workload, java.util.Optional<Verdict> other) {
    if (other.isEmpty()) return workload;
    return severity(other.get()) > severity(workload) ? other.get() : workload;
  }

  private static int severity(Verdict verdict) {
    if (!verdict.reconciled()) return 3;
    if (verdict.degraded()) return 2;
    return verdict.ready() ? 0 : 1;
  }
}
