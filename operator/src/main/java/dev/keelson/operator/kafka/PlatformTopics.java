package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.dataservice.DataService;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.reconcile.PerCluster;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The topics of a Platform's Kafkas: on each Kafka, those of the workloads placed on the clusters
 * using it, kept in line once per reconcile after the clusters ({@link KafkaTopics}), the Kafkas
 * side by side so that one that does not answer delays none of the others. A Kafka whose topic
 * prefix another Platform holds there is refused ({@link TopicPrefixClaims}). Nothing of it runs on
 * the clusters.
 */
@ApplicationScoped
public class PlatformTopics implements DataService<PlatformTopics.Kafkas> {
  private final KafkaTopics kafkaTopics;
  /** Per Platform (uid): the topic prefixes on their Kafkas it held at its last sync ({@link TopicPrefixClaims}). */
  private final Map<String, Set<String>> heldTopicPrefixes = new ConcurrentHashMap<>();

  /**
   * The statuses of a Platform's Kafkas.
   *
   * @param shared the shared one's, null without spec.kafka
   * @param own those of the clusters with a Kafka of their own
   */
  public record Kafkas(KafkaStatus shared, List<KafkaStatus> own) {}

  public PlatformTopics(KafkaTopics kafkaTopics) {
    this.kafkaTopics = kafkaTopics;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Class<Kafkas> statusType() {
    return Kafkas.class;
  }

  /** None carried: each Kafka's last status is read from the Platform where it is synced ({@link TopicReadiness#status}). */
  @Override
  public Kafkas lastReported(StatusSlices slices) {
    return null;
  }

  /** Syncs each Kafka; every cluster being ready, the Platform is degraded by the first Kafka whose topics are not as declared. */
  @Override
  public Summary<Kafkas> summarize(PlatformScope scope, Kafkas lastReported, List<Kafkas> onClusters) {
    var platform = scope.platform();
    var kafkas = PlatformKafkas.all(platform);
    kafkaTopics.retain(platform, kafkas.stream().map(PlatformKafkas.PlatformKafka::bootstrapServers).toList());
    var work = new ArrayList<Supplier<KafkaTopics.Outcome>>();
    // What every Platform held at its last sync, read before this one's is replaced (another Platform may sync meanwhile).
    var heldBefore = heldTopicPrefixes.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    var held = new HashSet<String>();
    for (var kafka : kafkas) {
      var declarations = declarations(scope.workloads().placedOn(kafka.clusters()));
      var previous = TopicReadiness.status(platform, kafka.bootstrapServers());
      var refusal = TopicPrefixClaims.refusal(platform, kafka, scope.platforms(), heldBefore);
      if (refusal.isPresent()) {
        work.add(() -> KafkaTopics.refused(kafka, Reason.KAFKA_TOPIC_PREFIX_IN_USE, refusal.get(), previous));
      } else {
        held.add(TopicPrefixClaims.key(platform, kafka));
        work.add(() -> kafkaTopics.sync(platform, kafka, previous, declarations, scope.now()));
      }
    }
    heldTopicPrefixes.put(platform.getMetadata().getUid(), held);
    var outcomes = PerCluster.run(work);
    KafkaStatus shared = null;
    var own = new ArrayList<KafkaStatus>();
    boolean retry = false;
    for (int i = 0; i < kafkas.size(); i++) {
      retry |= outcomes.get(i).retry();
      if (kafkas.get(i).shared()) {
        shared = outcomes.get(i).status();
      } else {
        own.add(outcomes.get(i).status());
      }
    }
    var notReady = Stream.concat(Stream.ofNullable(shared), own.stream()).filter(k -> !Boolean.TRUE.equals(k.ready())).findFirst();
    var verdict = notReady.map(k -> Verdict.degraded(Reason.named(k.reason()), "Kafka " + k.bootstrapServers() + ": " + k.message()));
    return new Summary<>(new Kafkas(shared, List.copyOf(own)), verdict.orElse(null), retry);
  }

  @Override
  public StatusSlices report(StatusSlices slices, Kafkas summary) {
    return slices.withKafkas(summary.shared(), summary.own().isEmpty() ? null : summary.own());
  }

  @Override
  public void forget(Platform platform) {
    heldTopicPrefixes.remove(platform.getMetadata().getUid());
  }

  /** What the workloads declare, names without the prefix. */
  private static List<TopicDeclaration> declarations(PlatformScope.Placed placed) {
    var declarations = new ArrayList<TopicDeclaration>();
    placed.services().forEach(s -> declarations.addAll(TopicDeclaration.of(s)));
    placed.workerPools().forEach(p -> declarations.addAll(TopicDeclaration.of(p)));
    return declarations;
  }
}
