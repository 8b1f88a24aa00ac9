package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.kafka.ConsumerLag;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.kafka.KafkaAuthenticationException;
import dev.keelson.operator.kafka.KafkaSettingsException;
import dev.keelson.operator.kafka.KafkaTopics;
import dev.keelson.operator.kafka.KafkaUnavailableException;
import dev.keelson.operator.kafka.TopicOperationException;
import dev.keelson.operator.reconcile.BoundedMemory;
import dev.keelson.operator.workerpool.LagScaling.Decision;
import dev.keelson.operator.workerpool.LagScaling.Recommendation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Polls the consumer lag of WorkerPools in Lag mode, once per pollInterval whatever else wakes
 * their reconciler, and decides their worker count ({@link LagScaling}). It remembers, per pool,
 * the last reading and the demand of the polls within the stabilization window; after a restart
 * the window starts again from the count the pool runs, so no worker is removed before a full window.
 * When the lag cannot be read the count is held: an error never scales a pool down.
 */
@ApplicationScoped
public class WorkerPoolAutoscaler {
  public static final String BROKER_UNAVAILABLE = "BrokerUnavailable";
  public static final String LAG_UNREADABLE = "LagUnreadable";

  private final ConsumerLag reader;
  private final Map<String, Memory> byPool = BoundedMemory.byUid();
  private final LongAdder polls = new LongAdder();

  public WorkerPoolAutoscaler(ConsumerLag reader) {
    this.reader = reader;
  }

  /** What one pool's poll left: the reading (or why there is none), the demand in the window, and the last decision. */
  private record Memory(long generation, Instant polledAt, GroupLag lag, String failureReason, String failureMessage,
      List<Recommendation> window, Decision decision) {}

  /**
   * The autoscaler's answer for a pool now.
   *
   * @param decision the decision of a poll made now, null when no poll was due or the lag could not be read
   * @param last the latest decision, for the status; null before the first successful poll
   * @param lag the latest reading, or null
   * @param failureReason why the latest poll could not read the lag, or null
   * @param nextPoll how long until the next poll is due
   */
  public record Scaling(Decision decision, Decision last, GroupLag lag, String failureReason, String failureMessage, Duration nextPoll) {
    public boolean failed() {
      return failureReason != null;
    }
  }

  /**
   * Polls the pool's lag if a poll is due (or its spec changed) and decides.
   *
   * @param current the workers the pool runs now, summed over its clusters
   */
  public Scaling poll(WorkerPool pool, Platform platform, int current, Instant now) {
    var settings = WorkerPoolScaling.of(pool.getSpec());
    String uid = pool.getMetadata().getUid();
    long generation = pool.getMetadata().getGeneration() == null ? 0 : pool.getMetadata().getGeneration();
    Memory memory = byPool.get(uid);
    if (memory != null && memory.generation() == generation && now.isBefore(memory.polledAt().plus(settings.pollInterval()))) {
      return new Scaling(null, memory.decision(), memory.lag(), memory.failureReason(), memory.failureMessage(),
          Duration.between(now, memory.polledAt().plus(settings.pollInterval())));
    }
    var window = new ArrayList<Recommendation>();
    if (memory == null) {
      window.add(new Recommendation(now, current));
    } else {
      memory.window().stream().filter(r -> r.at().isAfter(now.minus(settings.stabilization()))).forEach(window::add);
    }
    Decision last = memory == null ? null : memory.decision();
    polls.increment();
    GroupLag lag;
    try {
      lag = reader.read(platform, WorkerPoolModelFactory.consumerGroup(pool), WorkerPoolModelFactory.topic(pool, platform));
    } catch (KafkaAuthenticationException e) {
      return failed(uid, generation, now, window, last, memory, KafkaTopics.AUTHENTICATION_FAILED, current, e.getMessage(), settings);
    } catch (KafkaUnavailableException e) {
      return failed(uid, generation, now, window, last, memory, BROKER_UNAVAILABLE, current, e.getMessage(), settings);
    } catch (KafkaSettingsException e) {
      return failed(uid, generation, now, window, last, memory, e.reason(), current, e.getMessage(), settings);
    } catch (TopicOperationException e) {
      return failed(uid, generation, now, window, last, memory, LAG_UNREADABLE, current,
          "cannot read the lag of group " + WorkerPoolModelFactory.consumerGroup(pool) + ": " + e.failures(), settings);
    }
    Decision decision = settings.policy().decide(current, lag, window, now);
    window.add(new Recommendation(now, decision.desired()));
    byPool.put(uid, new Memory(generation, now, lag, null, null, List.copyOf(window), decision));
    return new Scaling(decision, decision, lag, null, null, settings.pollInterval());
  }

  /** Lag polls made so far, over all pools. */
  public long polls() {
    return polls.sum();
  }

  private Scaling failed(String uid, long generation, Instant now, List<Recommendation> window, Decision last, Memory memory,
      String reason, int current, String cause, WorkerPoolScaling settings) {
    String message = "holding " + current + " worker(s): " + cause;
    GroupLag lag = memory == null ? null : memory.lag();
    byPool.put(uid, new Memory(generation, now, lag, reason, message, List.copyOf(window), last));
    return new Scaling(null, last, lag, reason, message, settings.pollInterval());
  }
}
