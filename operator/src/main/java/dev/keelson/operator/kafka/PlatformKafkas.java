package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.ClusterOverrides;
import dev.keelson.operator.api.v1alpha1.ClusterTarget;
import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.cluster.TargetCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which Kafka each of a Platform's clusters uses: its own ({@code overrides.kafka}) or the
 * Platform's shared one ({@code spec.kafka}). A Kafka is known by its bootstrap servers: clusters
 * naming the same ones share it, its topics and its consumer groups.
 */
public final class PlatformKafkas {
  private PlatformKafkas() {}

  /**
   * One Kafka of a Platform.
   *
   * @param spec its settings, the Platform's topic prefix and defaults filled in where the cluster leaves them out
   * @param shared whether it is the Platform's {@code spec.kafka}
   * @param clusters the Platform's clusters that use it, in the Platform's order (empty for a shared Kafka no cluster uses)
   */
  public record PlatformKafka(KafkaSpec spec, boolean shared, List<String> clusters) {
    public PlatformKafka {
      clusters = List.copyOf(clusters);
    }

    public String bootstrapServers() {
      return spec.bootstrapServers();
    }

    /** The Kafka's identity: its bootstrap servers in a canonical order ({@link #identity}). */
    public String id() {
      return identity(spec.bootstrapServers());
    }
  }

  /**
   * What makes two bootstrap server lists the same Kafka: the same servers, whatever their order,
   * spacing or repetition ("b:9092, a:9092" is "a:9092,b:9092").
   */
  public static String identity(String bootstrapServers) {
    return Arrays.stream(bootstrapServers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().sorted()
        .collect(Collectors.joining(","));
  }

  /** The Kafka of a cluster with these overrides, or null when it has none. */
  public static KafkaSpec of(PlatformSpec spec, ClusterOverrides overrides) {
    KafkaSpec shared = spec == null ? null : spec.kafka();
    KafkaSpec own = overrides == null ? null : overrides.kafka();
    if (own == null) return shared;
    return new KafkaSpec(own.bootstrapServers(), own.authSecretRef(),
        own.topicPrefix() != null || shared == null ? own.topicPrefix() : shared.topicPrefix(),
        topicDefaults(own.topicDefaults(), shared == null ? null : shared.topicDefaults()),
        own.adoptedTopics() != null || shared == null ? own.adoptedTopics() : shared.adoptedTopics());
  }

  /** A cluster's topic defaults, field by field over the shared Kafka's. */
  private static KafkaSpec.TopicDefaults topicDefaults(KafkaSpec.TopicDefaults own, KafkaSpec.TopicDefaults shared) {
    if (own == null || shared == null) return own != null ? own : shared;
    return new KafkaSpec.TopicDefaults(own.partitions() != null ? own.partitions() : shared.partitions(),
        own.replicationFactor() != null ? own.replicationFactor() : shared.replicationFactor(),
        own.retention() != null ? own.retention() : shared.retention());
  }

  /** Whether any cluster of the Platform has a Kafka. */
  public static boolean any(PlatformSpec spec) {
    return spec != null && (spec.kafka() != null || clusters(spec).stream().anyMatch(c -> c.overrides() != null && c.overrides().kafka() != null));
  }

  /**
   * Every Kafka of the Platform: the shared one first when {@code spec.kafka} is set (even if every
   * cluster has its own, so that its topics stay managed), then the clusters' own in the clusters'
   * order. Clusters naming the same bootstrap servers share one entry; the first one's settings count
   * ({@link #conflict} reports a disagreement).
   */
  public static List<PlatformKafka> all(Platform platform) {
    var spec = platform.getSpec();
    var byServers = new LinkedHashMap<String, Entry>();
    if (spec != null && spec.kafka() != null) byServers.put(identity(spec.kafka().bootstrapServers()), new Entry(spec.kafka(), true));
    for (var cluster : clustersOrLocal(spec)) {
      var kafka = of(spec, cluster.overrides());
      if (kafka == null) continue;
      byServers.computeIfAbsent(identity(kafka.bootstrapServers()), s -> new Entry(kafka, false)).clusters.add(cluster.name());
    }
    return byServers.values().stream().map(e -> new PlatformKafka(e.spec, e.shared, e.clusters)).toList();
  }

  /**
   * Two clusters (or a cluster and spec.kafka) that name the same bootstrap servers with different
   * settings: in words, or empty when there are none. Keelson could not tell which settings hold.
   */
  public static Optional<String> conflict(PlatformSpec spec) {
    var seen = new LinkedHashMap<String, Map.Entry<String, KafkaSpec>>();
    if (spec != null && spec.kafka() != null) seen.put(identity(spec.kafka().bootstrapServers()), Map.entry("spec.kafka", spec.kafka()));
    for (var cluster : clusters(spec)) {
      var kafka = of(spec, cluster.overrides());
      if (kafka == null || cluster.overrides() == null || cluster.overrides().kafka() == null) continue;
      String where = "spec.clusters[" + cluster.name() + "].overrides.kafka";
      var first = seen.putIfAbsent(identity(kafka.bootstrapServers()), Map.entry(where, kafka));
      if (first != null && !sameSettings(first.getValue(), kafka)) {
        return Optional.of(where + " and " + first.getKey() + " both name Kafka " + kafka.bootstrapServers()
            + " but differ in authSecretRef, topicPrefix, topicDefaults or adoptedTopics; one Kafka has one set of settings");
      }
    }
    return Optional.empty();
  }

  private static boolean sameSettings(KafkaSpec a, KafkaSpec b) {
    return Objects.equals(a.authSecretRef(), b.authSecretRef()) && Objects.equals(a.topicPrefix(), b.topicPrefix())
        && Objects.equals(a.topicDefaults(), b.topicDefaults()) && a.managesAdoptedTopics() == b.managesAdoptedTopics();
  }

  /** The prefix of the topic names on that Kafka: its topicPrefix, default "&lt;namespace&gt;.". */
  public static String prefix(Platform platform, KafkaSpec kafka) {
    return kafka.topicPrefix() != null ? kafka.topicPrefix() : platform.getMetadata().getNamespace() + ".";
  }

  private static List<ClusterTarget> clusters(PlatformSpec spec) {
    return spec == null || spec.clusters() == null ? List.of() : spec.clusters();
  }

  /** The Platform's clusters; without any, the operator's own under its implicit name. */
  private static List<ClusterTarget> clustersOrLocal(PlatformSpec spec) {
    var listed = clusters(spec);
    return listed.isEmpty() ? List.of(new ClusterTarget(TargetCluster.LOCAL, null, true, null, null)) : listed;
  }

  private static final class Entry {
    final KafkaSpec spec;
    final boolean shared;
    final List<String> clusters = new ArrayList<>();

    Entry(KafkaSpec spec, boolean shared) {
      this.spec = spec;
      this.shared = shared;
    }
  }
}
