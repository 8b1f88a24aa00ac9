package dev.keelson.operator.status;

import dev.keelson.operator.api.v1alpha1.Platform;
import java.util.Arrays;
import java.util.Optional;

/** A workload's view of one of its Platform's data services, from the Platform's status. */
public final class DataServiceReadiness {
  private DataServiceReadiness() {}

  /** What the Platform's status says of the data service. */
  public record Observed(Boolean ready, Reason reason, String message) {}

  /**
   * @param field the Platform's spec field, e.g. redis
   * @param provided whether the Platform's spec has the data service
   * @param observed the Platform's status of it, null before the Platform reported it
   * @param pending the reason while the Platform has not reported the data service yet
   * @param degradedReasons reasons that make the workload degraded rather than waiting
   */
  public static Optional<Verdict> of(Platform platform, String display, String field, boolean provided, Reason notProvidedReason,
      Reason pending, Observed observed, Reason... degradedReasons) {
    String name = platform.getMetadata().getName();
    if (!provided) {
      return Optional.of(Verdict.blocked(notProvidedReason, "uses." + field + " is set, but Platform " + name + " has no spec." + field));
    }
    if (observed == null) return Optional.of(Verdict.progressing(pending, "waiting for Platform " + name + " to start " + display));
    if (Boolean.TRUE.equals(observed.ready())) return Optional.empty();
    if (Arrays.asList(degradedReasons).contains(observed.reason())) {
      return Optional.of(Verdict.degraded(observed.reason(), "Platform " + name + "'s " + display + ": " + observed.message()));
    }
    return Optional.of(Verdict.progressing(observed.reason(), "Platform " + name + "'s " + display + ": " + observed.message()));
  }
}
