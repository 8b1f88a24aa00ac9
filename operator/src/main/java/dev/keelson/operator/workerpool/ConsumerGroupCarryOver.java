package dev.keelson.operator.workerpool;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.ConsumerLag;
import dev.keelson.operator.kafka.KafkaSettingsException;
import dev.keelson.operator.kafka.KafkaUnavailableException;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicOperationException;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;

/**
 * Moves the workers of a pool from the consumer group an earlier Keelson named for them (the
 * declared group, without the Platform's topic prefix) to the prefixed one without losing their
 * place: before the Deployment on a Kafka's clusters rolls to the prefixed group, the offsets the
 * declared group committed on the pool's topics are given to the prefixed group, unless that one
 * has committed there already. Records consumed as the old group between the copy and the roll
 * are delivered again (at least once, never lost). Until the copy has succeeded, the workers on
 * that Kafka keep their group, their Deployment unchanged and their count held
 * ({@code ConsumerGroupNotCarriedOver}, retried). A pool whose env sets {@code KEELSON_QUEUE_CONSUMER_GROUP}
 * itself chose its group and is left alone.
 */
@ApplicationScoped
public class ConsumerGroupCarryOver {
  private final ConsumerLag kafka;

  public ConsumerGroupCarryOver(ConsumerLag kafka) {
    this.kafka = kafka;
  }

  /**
   * Carries the declared group over on each Kafka where a placed cluster's workers still consume as it.
   *
   * @param live the pool's Deployment on a connected cluster, as cached
   * @param carried told what was carried over, for an Event
   * @return by Kafka ({@link PlatformKafkas#identity}), why its workers stay as they are; empty when none do
   */
  public Map<String, Verdict> before(WorkerPool pool, Platform platform, List<TargetCluster> placed,
      Function<TargetCluster, Optional<Deployment>> live, Consumer<String> carried) {
    var env = pool.getSpec().env();
    if (env != null && env.stream().anyMatch(e -> WorkerPoolModelFactory.GROUP_ENV.equals(e.getName()))) return Map.of();
    String declared = WorkerPoolModelFactory.declaredGroup(pool);
    var held = new HashMap<String, Verdict>();
    var seen = new HashSet<String>();
    for (var cluster : placed) {
      KafkaSpec spec = PlatformKafkas.of(platform.getSpec(), cluster.overrides());
      if (spec == null) continue;
      String id = PlatformKafkas.identity(spec.bootstrapServers());
      String target = WorkerPoolModelFactory.consumerGroup(pool, platform, spec);
      if (target.equals(declared) || seen.contains(id) || !live.apply(cluster).map(d -> consumesAs(d, declared)).orElse(false)) continue;
      seen.add(id);
      var topics = new ArrayList<String>();
      topics.add(WorkerPoolModelFactory.topic(pool, platform, spec));
      topics.addAll(WorkerPoolModelFactory.retryTopics(pool, platform, spec));
      String cause;
      try {
        int partitions = kafka.carryOver(platform, spec, declared, target, topics);
        if (partitions > 0) {
          carried.accept("the offsets of consumer group " + declared + " on " + partitions + " partition(s) of " + String.join(", ", topics)
              + " were carried over to " + target + "; the workers move to it as they roll");
        }
        continue;
      } catch (TopicOperationException e) {
        cause = String.join("; ", e.failures().values());
      } catch (KafkaUnavailableException | KafkaSettingsException e) {
        cause = e.getMessage();
      } catch (KafkaException e) {
        cause = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      held.put(id, Verdict.blocked(Reason.CONSUMER_GROUP_NOT_CARRIED_OVER, "consumer group " + declared + " is named " + target
          + " now (prefixed like the Platform's topics); the workers keep consuming as " + declared
          + " until its offsets are carried over: " + cause));
    }
    return held;
  }

  /** Whether a container of the Deployment is told to consume as the group. */
  static boolean consumesAs(Deployment deployment, String group) {
    var template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    if (template == null || template.getSpec() == null) return false;
    return template.getSpec().getContainers().stream().flatMap(c -> c.getEnv() == null ? Stream.<EnvVar>empty() : c.getEnv().stream())
        .anyMatch(e -> WorkerPoolModelFactory.GROUP_ENV.equals(e.getName()) && group.equals(e.getValue()));
  }
}
