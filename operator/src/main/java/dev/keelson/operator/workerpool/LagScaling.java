package dev.keelson.operator.workerpool;

import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.status.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The scaling maths of a WorkerPool in Lag mode, a pure function of one lag reading, the current
 * worker count and the demand seen during the stabilization window.
 * <ul>
 *   <li>demand = ceil(total lag / lagPerReplica), within [minReplicas, maxReplicas] and no more
 *       than the topic's partitions (a consumer beyond the partition count idles);
 *   <li>up at once, at most to double the workers or four more, whichever is more, per poll;
 *   <li>down only to the highest demand seen during the stabilization window, so a dip does not
 *       remove workers that the next burst needs (and after a restart, with no history, only once
 *       a full window has passed);
 *   <li>with minReplicas 0, an idle pool goes to zero after the window and comes back on the first lag.
 * </ul>
 *
 * @param minReplicas the fewest workers
 * @param maxReplicas the most workers
 * @param lagPerReplica the lag one worker is expected to absorb
 * @param stabilization how long demand must stay lower before workers are removed
 */
public record LagScaling(int minReplicas, int maxReplicas, int lagPerReplica, Duration stabilization) {  /** Workers added per poll: at most this many, or doubling, whichever is more. */
  static final int MAX_STEP = 4;

  /** The demand computed at one poll. */
  public record Recommendation(Instant at, int replicas) {}

  /**
   * A decision: the worker count to run now, the demand it answers to, and why.
   *
   * @param replicas the count to set
   * @param desired the demand of this poll, bounded
   */
  public record Decision(int replicas, int desired, Reason reason, String message) {}

  /** The demand of one reading: the workers its lag asks for, bounded. */
  public int demand(GroupLag lag) {
    return Math.max(minReplicas, Math.min(upperBound(lag), wanted(lag)));
  }

  /**
   * @param current the workers running (the Deployment's replica count)
   * @param window the demand of earlier polls; those older than the stabilization window are ignored
   */
  public Decision decide(int current, GroupLag lag, List<Recommendation> window, Instant now) {
    int wanted = wanted(lag);
    int upper = upperBound(lag);
    int desired = demand(lag);
    String retry = lag.retryLag() > 0 ? " (" + lag.retryLag() + " of it in retry topics)" : "";
    String basis = "lag " + lag.total() + retry + " over " + lag.partitions() + " partition(s) at " + lagPerReplica
        + " per worker asks for " + wanted + " worker(s)";
    String limit = wanted > upper ? limitReason(lag, upper) : null;
    if (desired > current) {
      int step = Math.max(current * 2, current + MAX_STEP);
      // The rate bounds the lag's demand, never the floor the user set.
      int target = Math.max(minReplicas, Math.min(desired, step));
      String rate = target < desired ? "; at most " + step + " at once (double or +" + MAX_STEP + " per poll)" : "";
      String message = "scaled up from " + current + " to " + target + ": " + basis + (limit == null ? "" : "; " + limit) + rate;
      return new Decision(target, desired, limit != null ? Reason.SCALING_LIMITED : Reason.SCALED_UP, message);
    }
    Instant since = now.minus(stabilization);
    // Earlier demand within today's bounds: a lowered maxReplicas, or a count from before Lag mode, applies at once.
    int stabilized = window.stream()
        .filter(r -> r.at().isAfter(since))
        .mapToInt(r -> Math.max(minReplicas, Math.min(upper, r.replicas())))
        .reduce(desired, Math::max);
    if (stabilized < current) {
      return new Decision(stabilized, desired, Reason.SCALED_DOWN, "scaled down from " + current + " to " + stabilized + ": " + basis
          + ", and no poll in the last " + seconds(stabilization) + " asked for more");
    }
    if (desired < current) {
      return new Decision(current, desired, Reason.STABILIZING, "keeping " + current + " worker(s): " + basis + "; a poll in the last "
          + seconds(stabilization) + " (scaleDownStabilization) asked for " + stabilized);
    }
    if (limit != null) {
      return new Decision(current, desired, Reason.SCALING_LIMITED, "running " + current + " worker(s): " + basis + "; " + limit);
    }
    return new Decision(current, desired, Reason.STEADY, "running " + current + " worker(s): " + basis);
  }

  private int wanted(GroupLag lag) {
    return (int) Math.min(Integer.MAX_VALUE, (lag.total() + lagPerReplica - 1) / lagPerReplica);
  }

  /** The most workers worth running: maxReplicas, and no more than the partitions, but never below minReplicas. */
  private int upperBound(GroupLag lag) {
    return Math.max(minReplicas, Math.min(maxReplicas, lag.partitions()));
  }

  private String limitReason(GroupLag lag, int upper) {
    if (upper == maxReplicas && maxReplicas <= lag.partitions()) return "capped at maxReplicas " + maxReplicas;
    if (minReplicas > lag.partitions()) {
      return "capped at minReplicas " + minReplicas + "; topic " + lag.topic() + " has only " + lag.partitions()
          + " partition(s), so " + (minReplicas - lag.partitions()) + " worker(s) idle";
    }
    return "capped at " + upper + ", the partition count of topic " + lag.topic() + ": more workers than partitions would idle";
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }
}
