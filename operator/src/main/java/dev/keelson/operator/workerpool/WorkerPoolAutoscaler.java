package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.kafka.ConsumerLag;
import dev.keelson.operator.kafka.KafkaAdmin.GroupLag;
import dev.keelson.operator.kafka.KafkaAuthenticationException;
import dev.keelson.operator.kafka.KafkaSettingsException;
import dev.keelson.operator.kafka.KafkaTopics;
import dev.keelson.operator.kafka.KafkaUnavailableException;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicOperationException;
import dev.keelson.operator.reconcile.BoundedMemory;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.workerpool.LagScaling.Decision;
import dev.keelson.operator.workerpool.LagScaling.Recommendation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;

/**
 * Polls the consumer lag of WorkerPools in Lag mode, once per pollInterval whatever else wakes
 * their reconciler, and decides their worker count ({@link LagScaling}), on each Kafka a pool's
 * clusters use (its consumer group there is a group of its own). It remembers, per pool and Kafka,
 * the last reading and the demand of the polls within the stabilization window; after a restart
 * the window starts again from the count the pool runs, so no worker is removed before a full window.
 * When the lag cannot be read the count is held: an error never scales a pool down.
 */
@ApplicationScoped
public class WorkerPoolAutoscaler {
  private final ConsumerLag reader;
  private final Map<String, Memory> byPool = BoundedMemory.byUid();
  private final LongAdder polls = new LongAdder();

  public WorkerPoolAutoscaler(ConsumerLag reader) {
    this.reader = reader;
  }

  /** What one pool's poll left: the reading (or why there is none), the demand in the window, and the last decision. */
  private record Memory(long generation, Instant polledAt, GroupLag lag, Reason failureReason, String failureMessage,
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
  public record Scaling(Decision decision, Decision last, GroupLag lag, Reason failureReason, String failureMessage, Duration nextPoll) {
    public boolean failed() {
      return failureReason != null;
    }
  }

  /**
   * Polls the pool's lag on one Kafka if a poll is due (or its spec changed) and decides the count
   * of the workers consuming from it.
   *
   * @param kafka the Kafka of the pool's clusters in question (the Platform's shared one, or their own)
   * @param settings the pool's scaling, its bounds those of the workers on that Kafka
   * @param current the workers consuming from that Kafka now, summed over its clusters
   */
  public Scaling poll(WorkerPool pool, Platform platform, KafkaSpec kafka, WorkerPoolScaling settings, int current, Instant now) {
    String key = key(pool, kafka);
    long generation = pool.getMetadata().getGeneration() == null ? 0 : pool.getMetadata().getGeneration();
    Memory memory = byPool.get(key);
    if (memory != null && memory.generation() == generation && now.isBefore(memory.polledAt().plus(settings.pollInterval()))) {
      return new Scaling(null, memory.decision(), memory.lag(), memory.failureReason(), memory.failureMessage(),
          Duration.between(now, memory.polledAt().plus(settings.pollInterval())));
    }
    // A new process knows nothing of the demand that set the current count: the window starts from it.
    List<Recommendation> window = memory == null ? List.of(new Recommendation(now, current))
        : memory.window().stream().filter(r -> r.at().isAfter(now.minus(settings.stabilization()))).toList();
    Decision last = memory == null ? null : memory.decision();
    polls.increment();
    String group = WorkerPoolModelFactory.consumerGroup(pool, platform, kafka);
    GroupLag lag;
    Reason reason;
    String cause;
    try {
      lag = reader.read(platform, kafka, group, WorkerPoolModelFactory.topic(pool, platform, kafka),
          WorkerPoolModelFactory.retryTopics(pool, platform, kafka));
      Decision decision = settings.policy().decide(current, lag, window, now);
      byPool.put(key, new Memory(generation, now, lag, null, null, remember(window, new Recommendation(now, decision.desired())), decision));
      return new Scaling(decision, decision, lag, null, null, settings.pollInterval());
    } catch (KafkaAuthenticationException e) {
      reason = Reason.KAFKA_AUTHENTICATION_FAILED;
      cause = e.getMessage();
    } catch (KafkaUnavailableException e) {
      reason = Reason.BROKER_UNAVAILABLE;
      cause = e.getMessage();
    } catch (KafkaSettingsException e) {
      reason = e.reason();
      cause = e.getMessage();
    } catch (TopicOperationException e) {
      reason = Reason.LAG_UNREADABLE;
      cause = "cannot read the lag of group " + group + ": " + e.failures().entrySet().stream()
          .map(f -> f.getKey() + ": " + f.getValue()).collect(Collectors.joining("; "));
    } catch (KafkaException e) {
      reason = Reason.LAG_UNREADABLE;
      cause = "cannot read the lag of group " + group + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    // Nothing read, nothing decided: the count is held, and the window keeps what it had.
    String message = "holding " + current + " worker(s): " + cause;
    GroupLag previous = memory == null ? null : memory.lag();
    byPool.put(key, new Memory(generation, now, previous, reason, message, window, last));
    return new Scaling(null, last, previous, reason, message, settings.pollInterval());
  }

  /**
   * The answer while the pool's lag on that Kafka must not be read (its consumer group is not carried
   * over yet, {@link ConsumerGroupCarryOver}): no poll, the count held, the last reading and decision kept.
   */
  public Scaling held(WorkerPool pool, KafkaSpec kafka, WorkerPoolScaling settings, int current, Reason reason, String cause) {
    Memory memory = byPool.get(key(pool, kafka));
    return new Scaling(null, memory == null ? null : memory.decision(), memory == null ? null : memory.lag(), reason,
        "holding " + current + " worker(s): " + cause, settings.pollInterval());
  }

  private static String key(WorkerPool pool, KafkaSpec kafka) {
    return pool.getMetadata().getUid() + "@" + PlatformKafkas.identity(kafka.bootstrapServers());
  }

  /**
   * The window with a new demand: only what can still be the window's highest is kept (an earlier
   * demand no higher than a later one never will be), so it holds at most one entry per distinct
   * count, however long the window and short the poll.
   */
  static List<Recommendation> remember(List<Recommendation> window, Recommendation next) {
    var kept = new ArrayList<Recommendation>();
    window.stream().filter(r -> r.replicas() > next.replicas()).forEach(kept::add);
    kept.add(next);
    return List.copyOf(kept);
  }

  /** Lag polls made so far, over all pools. */
  public long polls() {
    return polls.sum();
  }
}
