package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a workload's declared topics stand on the Kafkas of its clusters, read from its Platform's status: the Platform's
 * reconciler is the one that talks to Kafka, so a workload reports what the Platform found.
 */
public final class TopicReadiness {
  private TopicReadiness() {}

  /**
   * A verdict when the workload's topics are not all ready on the Kafkas of the clusters it is placed
   * on, or one of them has no Kafka; empty when they are or it declares none.
   *
   * @param clusters the clusters the workload is placed on
   */
  public static Optional<Verdict> of(Platform platform, Collection<TargetCluster> clusters, Collection<TopicDeclaration> declarations) {
    if (declarations.isEmpty()) return Optional.empty();
    var kafkas = new LinkedHashMap<String, KafkaSpec>();
    var without = new ArrayList<String>();
    for (var cluster : clusters) {
      var kafka = PlatformKafkas.of(platform.getSpec(), cluster.overrides());
      if (kafka == null) {
        without.add(cluster.name());
      } else {
        kafkas.putIfAbsent(PlatformKafkas.identity(kafka.bootstrapServers()), kafka);
      }
    }
    if (!without.isEmpty()) {
      return Optional.of(Verdict.blocked(Reason.KAFKA_NOT_PROVIDED, "the workload declares topics, but Platform " + platform.getMetadata().getName()
          + " has no Kafka on cluster(s) " + String.join(", ", without) + ": neither spec.kafka nor their overrides.kafka"));
    }
    for (var kafka : kafkas.values()) {
      var verdict = on(platform, kafka, declarations);
      if (verdict.isPresent()) return verdict;
    }
    return Optional.empty();
  }

  private static Optional<Verdict> on(Platform platform, KafkaSpec spec, Collection<TopicDeclaration> declarations) {
    String name = platform.getMetadata().getName();
    var kafka = status(platform, spec.bootstrapServers());
    if (kafka == null) {
      return Optional.of(Verdict.progressing(Reason.TOPICS_PENDING, "waiting for Platform " + name + " to create the topics on Kafka " + spec.bootstrapServers()));
    }
    var reason = kafka.reason() == null ? null : Reason.named(kafka.reason());
    if (EnumSet.of(Reason.KAFKA_UNAVAILABLE, Reason.KAFKA_AUTH_SECRET_NOT_FOUND, Reason.KAFKA_AUTH_SECRET_INVALID,
        Reason.KAFKA_AUTHENTICATION_FAILED, Reason.KAFKA_DESCRIBE_REFUSED).contains(reason)) {
      return Optional.of(Verdict.degraded(reason, "Platform " + name + " cannot manage its topics on Kafka " + spec.bootstrapServers()
          + ": " + kafka.message()));
    }
    String prefix = PlatformKafkas.prefix(platform, spec);
    Map<String, TopicStatus> topics = kafka.topics() == null ? Map.of()
        : kafka.topics().stream().collect(Collectors.toMap(TopicStatus::name, Function.identity(), (a, b) -> a));
    var missing = new TreeSet<String>();
    for (String topic : declarations.stream().map(d -> prefix + d.topic()).collect(Collectors.toCollection(TreeSet::new))) {
      TopicStatus status = topics.get(topic);
      if (status == null) {
        missing.add(topic);
      } else if (!Boolean.TRUE.equals(status.ready())) {
        return Optional.of(Verdict.blocked(Reason.named(status.reason()), status.message()));
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of(Verdict.progressing(Reason.TOPICS_PENDING, "waiting for Platform " + name + " to create topic(s) " + String.join(", ", missing)
          + " on Kafka " + spec.bootstrapServers()));
    }
    return Optional.empty();
  }

  /**
   * What the Platform's status says of its Kafka at these bootstrap servers, or null. The shared
   * Kafka's is {@code status.kafka} whatever servers it names (a list edited in spec.kafka is still
   * the Kafka whose topics Keelson manages, and a status written before Kafkas were told apart
   * names none); a cluster's own is the {@code status.clusterKafkas} entry with the same servers.
   */
  public static KafkaStatus status(Platform platform, String bootstrapServers) {
    var status = platform.getStatus();
    if (status == null) return null;
    String id = PlatformKafkas.identity(bootstrapServers);
    var shared = platform.getSpec() == null ? null : platform.getSpec().kafka();
    if (shared != null && id.equals(PlatformKafkas.identity(shared.bootstrapServers()))) return status.kafka();
    return status.clusterKafkas() == null ? null : status.clusterKafkas().stream()
        .filter(k -> k.bootstrapServers() != null && id.equals(PlatformKafkas.identity(k.bootstrapServers()))).findFirst().orElse(null);
  }
}
