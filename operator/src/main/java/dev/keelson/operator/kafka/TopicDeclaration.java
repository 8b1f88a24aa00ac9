package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.Durations;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One workload's wish for one topic, named without the Platform's prefix.
 *
 * @param partitions declared partitions, or null for the Platform's default
 * @param replicationFactor declared replication factor, or null for the Platform's default
 * @param declaredBy the workload as Kind/name
 */
public record TopicDeclaration(String topic, Integer partitions, Integer replicationFactor, Map<String, String> configs,
    String declaredBy) {
  /** Retry delays of a WorkerPool that sets retry attempts but no backoff. */
  public static final List<String> DEFAULT_BACKOFF = List.of("10s", "1m", "10m");

  public TopicDeclaration {
    configs = configs == null ? Map.of() : Map.copyOf(configs);
  }

  /** The topics a Service declares under uses.kafka. */
  public static List<TopicDeclaration> of(KeelsonService service) {
    return fromUses(service.getSpec().uses(), "Service/" + service.getMetadata().getName());
  }

  /** The topics a WorkerPool needs: its queue, one per retry delay, its dead-letter topic, and those under uses.kafka. */
  public static List<TopicDeclaration> of(WorkerPool pool) {
    String by = "WorkerPool/" + pool.getMetadata().getName();
    var declarations = new ArrayList<TopicDeclaration>(fromUses(pool.getSpec().uses(), by));
    var queue = pool.getSpec().queue();
    if (queue == null) return declarations;
    declarations.add(new TopicDeclaration(queue.topic(), null, null, null, by));
    for (String retryTopic : retryTopics(queue)) {
      declarations.add(new TopicDeclaration(retryTopic, null, null, null, by));
    }
    declarations.add(new TopicDeclaration(deadLetterTopic(queue), null, null, null, by));
    return declarations;
  }

  /** The retry topics of a queue, {@code <topic>.retry.<delay>}, one per distinct delay, in attempt order. */
  public static List<String> retryTopics(WorkerPoolSpec.Queue queue) {
    var retry = queue.retry();
    int attempts = retry == null || retry.attempts() == null ? 3 : retry.attempts();
    List<String> backoff = retry == null || retry.backoff() == null || retry.backoff().isEmpty()
        ? DEFAULT_BACKOFF.subList(0, Math.min(attempts, DEFAULT_BACKOFF.size()))
        : retry.backoff();
    if (attempts == 0) return List.of();
    return backoff.stream().map(delay -> queue.topic() + ".retry." + delay).distinct().toList();
  }

  public static String deadLetterTopic(WorkerPoolSpec.Queue queue) {
    return queue.deadLetterTopic() != null ? queue.deadLetterTopic() : queue.topic() + ".dlq";
  }

  private static List<TopicDeclaration> fromUses(Uses uses, String by) {
    if (uses == null || uses.kafka() == null) return List.of();
    var declarations = new ArrayList<TopicDeclaration>();
    for (var list : new ArrayList<List<Uses.TopicUse>>(java.util.Arrays.asList(uses.kafka().produces(), uses.kafka().consumes()))) {
      if (list == null) continue;
      for (var use : list) {
        declarations.add(new TopicDeclaration(use.topic(), use.partitions(), use.replicationFactor(),
            use.config() == null ? null : new TreeMap<>(use.config()), by));
      }
    }
    return declarations;
  }

  /** Kafka's retention.ms for an API duration such as 7d. */
  public static String retentionMs(String retention) {
    return Long.toString(Durations.parse(retention).toMillis());
  }
}
