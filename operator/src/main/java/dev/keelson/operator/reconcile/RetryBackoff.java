package dev.keelson.operator.reconcile;

import java.time.Duration;
import java.util.Map;

/**
 * How long to wait before retrying an object whose last reconcile failed transiently (the API
 * server of a cluster unreachable, a write refused for a reason the user cannot fix): 5 s, doubling
 * with each consecutive failure, at most 5 min; back to the start after a success.
 */
public final class RetryBackoff {
  static final Duration FIRST = Duration.ofSeconds(5);
  static final Duration LONGEST = Duration.ofMinutes(5);
  private final Map<String, Integer> failures = BoundedMemory.byUid();

  /** Records one more consecutive failure of the object and returns the delay before its retry. */
  public Duration failed(String uid) {
    int n = failures.merge(uid, 1, Integer::sum);
    long seconds = FIRST.getSeconds() << Math.min(n - 1, 16);
    return seconds >= LONGEST.getSeconds() ? LONGEST : Duration.ofSeconds(seconds);
  }

  public void succeeded(String uid) {
    failures.remove(uid);
  }

  /** The end of a reconcile: nothing more after a success, a retry after the backoff's delay after a failure. */
  public <R extends io.fabric8.kubernetes.api.model.HasMetadata> io.javaoperatorsdk.operator.api.reconciler.UpdateControl<R> control(
      R resource, boolean retry) {
    io.javaoperatorsdk.operator.api.reconciler.UpdateControl<R> control = io.javaoperatorsdk.operator.api.reconciler.UpdateControl.noUpdate();
    if (!retry) {
      succeeded(resource.getMetadata().getUid());
      return control;
    }
    return control.rescheduleAfter(failed(resource.getMetadata().getUid()));
  }
}
