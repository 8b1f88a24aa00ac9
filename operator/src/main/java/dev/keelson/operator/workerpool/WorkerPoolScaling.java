package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.Durations;
import dev.keelson.operator.api.v1alpha1.WorkerPoolSpec;
import dev.keelson.operator.api.v1alpha1.WorkerPoolSpec.Scaling.Mode;
import java.time.Duration;
import java.util.Objects;

/**
 * A WorkerPool's spec.scaling with the schema's defaults filled in (for objects written before a
 * default existed, or by clients that skip defaulting).
 *
 * @param lag whether Keelson scales on lag (else spec.replicas decides)
 * @param manualReplicas the count in Manual mode: spec.replicas, else minReplicas
 */
public record WorkerPoolScaling(boolean lag, int minReplicas, int maxReplicas, int lagPerReplica, Duration pollInterval,
    Duration stabilization, int manualReplicas) {

  static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

  public static WorkerPoolScaling of(WorkerPoolSpec spec) {
    var s = spec.scaling() == null ? new WorkerPoolSpec.Scaling(null, null, null, null, null, null) : spec.scaling();
    int min = Objects.requireNonNullElse(s.minReplicas(), 1);
    return new WorkerPoolScaling(
        s.mode() != Mode.Manual,
        min,
        Math.max(min, Objects.requireNonNullElse(s.maxReplicas(), 12)),
        Math.max(1, Objects.requireNonNullElse(s.lagPerReplica(), 100)),
        // The schema refuses less than 1s; this also holds for spellings its rule does not catch (0s500ms).
        max(MIN_POLL_INTERVAL, Durations.parse(Objects.requireNonNullElse(s.pollInterval(), "5s"))),
        Durations.parse(Objects.requireNonNullElse(s.scaleDownStabilization(), "300s")),
        Objects.requireNonNullElse(spec.replicas(), min));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The same scaling within other bounds: those of the workers on one of several Kafkas. */
  WorkerPoolScaling within(int min, int max) {
    return new WorkerPoolScaling(lag, min, Math.max(min, max), lagPerReplica, pollInterval, stabilization, manualReplicas);
  }

  public LagScaling policy() {
    return new LagScaling(minReplicas, maxReplicas, lagPerReplica, stabilization);
  }
}
