package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.status.Verdict;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a workload's declared topics stand, read from its Platform's status: the Platform's
 * reconciler is the one that talks to Kafka, so a workload reports what the Platform found.
 */
public final class TopicReadiness {
  public static final String PENDING = "TopicsPending";

  private TopicReadiness() {}

  /** A verdict when the workload's topics are not all ready; empty when they are or it declares none. */
  public static Optional<Verdict> of(Platform platform, Collection<TopicDeclaration> declarations) {
    if (declarations.isEmpty() || platform.getSpec() == null || platform.getSpec().kafka() == null) return Optional.empty();
    String name = platform.getMetadata().getName();
    var kafka = platform.getStatus() == null ? null : platform.getStatus().kafka();
    if (kafka == null) {
      return Optional.of(Verdict.progressing(PENDING, "waiting for Platform " + name + " to create the topics"));
    }
    if (KafkaTopics.UNAVAILABLE.equals(kafka.reason()) || KafkaTopics.AUTH_SECRET_NOT_FOUND.equals(kafka.reason())
        || KafkaTopics.AUTH_SECRET_INVALID.equals(kafka.reason()) || KafkaTopics.AUTHENTICATION_FAILED.equals(kafka.reason())
        || KafkaTopics.DESCRIBE_REFUSED.equals(kafka.reason())) {
      return Optional.of(Verdict.degraded(kafka.reason(), "Platform " + name + " cannot manage its topics: " + kafka.message()));
    }
    String prefix = KafkaTopics.prefix(platform);
    Map<String, TopicStatus> topics = kafka.topics() == null ? Map.of()
        : kafka.topics().stream().collect(Collectors.toMap(TopicStatus::name, Function.identity(), (a, b) -> a));
    var missing = new TreeSet<String>();
    for (String topic : declarations.stream().map(d -> prefix + d.topic()).collect(Collectors.toCollection(TreeSet::new))) {
      TopicStatus status = topics.get(topic);
      if (status == null) {
        missing.add(topic);
      } else if (!Boolean.TRUE.equals(status.ready())) {
        return Optional.of(Verdict.blocked(status.reason(), status.message()));
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of(Verdict.progressing(PENDING, "waiting for Platform " + name + " to create topic(s) " + String.join(", ", missing)));
    }
    return Optional.empty();
  }
}
