package dev.keelson.operator.kafka;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the topics a Platform's workloads declare in line on each of the Platform's Kafkas (see
 * {@link PlatformKafkas}): on each, the topics of the workloads placed on the clusters that use it. Kafka is asked
 * only when the declarations changed, when the last attempt failed, or once per {@link #RESYNC}
 * to catch changes made behind Keelson's back; otherwise the last result is reused and no request
 * is made.
 */
@ApplicationScoped
public class KafkaTopics {
  static final Duration RESYNC = Duration.ofMinutes(10);
  private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

  private final KubernetesClient client;
  private final KafkaConnections connections;
  private final Map<String, LastSync> lastSyncs = new ConcurrentHashMap<>();

  /** The result of one sync; {@code retry} when it failed for a reason that may pass. */
  public record Outcome(KafkaStatus status, boolean retry) {}

  private record LastSync(Object fingerprint, Instant at, Outcome outcome) {}

  public KafkaTopics(KubernetesClient client, KafkaConnections connections) {
    this.client = client;
    this.connections = connections;
  }

  /**
   * Keeps one of the Platform's Kafkas in line.
   *
   * @param kafka the Kafka and the clusters that use it
   * @param previous what the Platform's status said of this Kafka, or null
   * @param declarations what the workloads placed on its clusters declare, names without the prefix
   */
  public Outcome sync(Platform platform, PlatformKafkas.PlatformKafka kafka, KafkaStatus previous,
      Collection<TopicDeclaration> declarations, Instant now) {
    String key = key(platform, kafka.bootstrapServers());
    var defaults = defaults(platform, kafka.spec());
    var desired = TopicPlan.desired(declarations, defaults);
    List<TopicStatus> managed = previous == null ? List.of() : Objects.requireNonNullElse(previous.topics(), List.of());
    var fingerprint = List.of(kafka, desired, defaults);
    var last = lastSyncs.get(key);
    // The status must still list what the last sync left, or it was lost (a failed write, a restore).
    if (last != null && last.fingerprint().equals(fingerprint) && !last.outcome().retry() && now.isBefore(last.at().plus(RESYNC))
        && names(managed).equals(names(last.outcome().status().topics()))) {
      return last.outcome();
    }
    var outcome = keepSyncTime(syncNow(platform, kafka, key, desired, defaults.deletionPolicy(), previous, managed, now), previous);
    lastSyncs.put(key, new LastSync(fingerprint, now, outcome));
    return outcome;
  }

  /**
   * Forgets the Platform's Kafkas other than these (all of them when empty): what was synced there,
   * and the admin client. A Kafka the Platform no longer names is not touched again; its topics stay.
   */
  public void retain(Platform platform, Collection<String> bootstrapServers) {
    String uid = platform.getMetadata().getUid();
    var keep = bootstrapServers.stream().map(b -> key(platform, b)).collect(Collectors.toSet());
    Predicate<String> gone = k -> k.startsWith(uid + "@") && !keep.contains(k);
    lastSyncs.keySet().removeIf(gone);
    connections.close(gone);
  }

  /**
   * The key of a Platform's Kafka in the caches and connections: the Platform's UID and the Kafka's
   * identity ({@link PlatformKafkas#identity}).
   */
  public static String key(Platform platform, String bootstrapServers) {
    return platform.getMetadata().getUid() + "@" + PlatformKafkas.identity(bootstrapServers);
  }

  /** An unchanged state keeps its time, so that a restart or a resync over converged topics writes no status. */
  private static Outcome keepSyncTime(Outcome outcome, KafkaStatus previous) {
    var s = outcome.status();
    if (previous == null || s == null) return outcome;
    var same = new KafkaStatus(s.bootstrapServers(), s.clusters(), s.ready(), s.reason(), s.message(), previous.lastSyncTime(), s.topics());
    return same.equals(previous) ? new Outcome(previous, outcome.retry()) : outcome;
  }

  private static List<String> names(List<TopicStatus> topics) {
    return topics == null ? List.of() : topics.stream().map(TopicStatus::name).toList();
  }

  private Outcome syncNow(Platform platform, PlatformKafkas.PlatformKafka kafka, String key, SortedMap<String, TopicPlan.Desired> desired,
      DeletionPolicy deletionPolicy, KafkaStatus previous, List<TopicStatus> managed, Instant now) {
    Map<String, String> properties;
    try {
      properties = clientProperties(client, platform.getMetadata().getNamespace(), kafka.spec());
    } catch (KafkaSettingsException e) {
      return failed(kafka, e.reason(), e.getMessage(), previous, managed);
    }
    try {
      KafkaAdmin admin = connections.admin(key, properties);
      var existing = admin.describe(TopicPlan.namesToDescribe(desired, managed).keySet());
      var plan = TopicPlan.of(desired, existing, managed, deletionPolicy, kafka.spec().managesAdoptedTopics());
      var statuses = new TreeMap<>(plan.statuses());
      boolean refused = apply(admin, plan, statuses);
      plan.released().forEach(name -> LOG.infof("Platform %s/%s: topic %s is no longer declared and is kept (%s)",
          platform.getMetadata().getNamespace(), platform.getMetadata().getName(), kafka.bootstrapServers() + " " + name,
          deletionPolicy == DeletionPolicy.Delete ? "Keelson did not create it" : "deletionPolicy Retain"));
      plan.delete().forEach(name -> LOG.infof("Platform %s/%s: deleted topic %s from Kafka %s, declared by no workload placed on its "
          + "clusters (deletionPolicy Delete)", platform.getMetadata().getNamespace(), platform.getMetadata().getName(), name,
          kafka.bootstrapServers()));
      var topics = new ArrayList<>(statuses.values());
      var notReady = topics.stream().filter(t -> !Boolean.TRUE.equals(t.ready())).toList();
      String syncTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
      if (notReady.isEmpty()) {
        String message = topics.size() + " topic(s) as declared";
        return new Outcome(new KafkaStatus(kafka.bootstrapServers(), kafka.clusters(), true, Reason.TOPICS_READY.toString(), message, syncTime, topics), false);
      }
      String message = notReady.stream().map(TopicStatus::message).collect(Collectors.joining("; "));
      return new Outcome(new KafkaStatus(kafka.bootstrapServers(), kafka.clusters(), false, notReady.get(0).reason(), message, syncTime,
          topics), refused);
    } catch (TopicOperationException e) {
      // Kafka answered but refused to describe the topics (rights, a topic deleted meanwhile): report it, retry, delete nothing.
      return failed(kafka, Reason.KAFKA_DESCRIBE_REFUSED, "Kafka refused to describe the topics: " + e.failures(), previous, managed);
    } catch (KafkaAuthenticationException e) {
      return failed(kafka, Reason.KAFKA_AUTHENTICATION_FAILED, e.getMessage(), previous, managed);
    } catch (KafkaUnavailableException e) {
      return failed(kafka, Reason.KAFKA_UNAVAILABLE, e.getMessage(), previous, managed);
    }
  }

  /** Carries out the plan; topics Kafka refused get their status changed. Whether Kafka refused any. */
  private static boolean apply(KafkaAdmin admin, TopicPlan plan, Map<String, TopicStatus> statuses) {
    var refusals = new TreeMap<String, String>();
    runBatch(() -> admin.create(plan.create()), refusals);
    runBatch(() -> admin.increasePartitions(plan.increasePartitions()), refusals);
    runBatch(() -> admin.setConfigs(plan.setConfigs()), refusals);
    var deleteRefused = new TreeMap<String, String>();
    runBatch(() -> admin.delete(plan.delete()), deleteRefused);
    refusals.forEach((name, error) -> {
      var s = statuses.get(name);
      boolean created = plan.create().stream().anyMatch(t -> t.name().equals(name));
      statuses.put(name, new TopicStatus(name, created ? null : s.partitions(), created ? null : s.replicationFactor(), false,
          Reason.TOPIC_REFUSED_BY_KAFKA.toString(), "Kafka refused topic " + name + ": " + error, created ? null : s.origin(), s.declaredBy()));
    });
    // A topic Kafka would not delete stays managed, so that a later sync tries again.
    deleteRefused.forEach((name, error) -> statuses.put(name, new TopicStatus(name, null, null, false,
        Reason.TOPIC_REFUSED_BY_KAFKA.toString(), "Kafka refused to delete topic " + name + ": " + error, TopicStatus.CREATED, List.of())));
    return !refusals.isEmpty() || !deleteRefused.isEmpty();
  }

  private static void runBatch(Runnable batch, Map<String, String> refusals) {
    try {
      batch.run();
    } catch (TopicOperationException e) {
      refusals.putAll(e.failures());
    }
  }

  /**
   * The Platform may not manage topics on this Kafka (another holds an overlapping prefix,
   * {@link TopicPrefixClaims}): nothing is asked of Kafka, the topics it listed stay listed, and it
   * is looked at again with backoff.
   */
  public static Outcome refused(PlatformKafkas.PlatformKafka kafka, Reason reason, String message, KafkaStatus previous) {
    List<TopicStatus> managed = previous == null ? List.of() : Objects.requireNonNullElse(previous.topics(), List.of());
    return keepSyncTime(failed(kafka, reason, message, previous, managed), previous);
  }

  /** Kafka could not be asked: the topics Keelson manages stay as they were, and the attempt is retried. */
  private static Outcome failed(PlatformKafkas.PlatformKafka kafka, Reason reason, String message, KafkaStatus previous,
      List<TopicStatus> managed) {
    String lastSync = previous == null ? null : previous.lastSyncTime();
    return new Outcome(new KafkaStatus(kafka.bootstrapServers(), kafka.clusters(), false, reason.toString(), message, lastSync,
        managed.isEmpty() ? null : managed), true);
  }

  /**
   * A Kafka's client properties: its bootstrap servers and, when it names one, what its auth Secret
   * (in the Platform's namespace) holds, read from the API server now, so that a fixed Secret is used at once.
   */
  public static Map<String, String> clientProperties(KubernetesClient client, String namespace, KafkaSpec kafka) {
    try {
      return KafkaClientProperties.of(kafka.bootstrapServers(), authData(client, namespace, kafka));
    } catch (IllegalArgumentException e) {
      throw new KafkaSettingsException(Reason.KAFKA_AUTH_SECRET_INVALID, e.getMessage());
    }
  }

  private static Map<String, byte[]> authData(KubernetesClient client, String namespace, KafkaSpec kafka) {
    if (kafka.authSecretRef() == null) return Map.of();
    String name = kafka.authSecretRef().name();
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new KafkaSettingsException(Reason.KAFKA_AUTH_SECRET_NOT_FOUND, "cannot read the Kafka auth Secret " + name + ": " + e.getMessage());
    }
    if (secret == null) {
      throw new KafkaSettingsException(Reason.KAFKA_AUTH_SECRET_NOT_FOUND, "the Kafka auth Secret " + name + " does not exist in namespace " + namespace);
    }
    var data = new TreeMap<String, byte[]>();
    if (secret.getData() != null) secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    if (secret.getStringData() != null) secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return data;
  }

  /** The topic settings on one of the Platform's Kafkas, its defaults filled in. */
  public static TopicPlan.Defaults defaults(Platform platform, KafkaSpec kafka) {
    var topicDefaults = kafka.topicDefaults();
    int partitions = topicDefaults == null || topicDefaults.partitions() == null ? 3 : topicDefaults.partitions();
    int replication = topicDefaults == null || topicDefaults.replicationFactor() == null ? 3 : topicDefaults.replicationFactor();
    String retention = topicDefaults == null || topicDefaults.retention() == null ? "7d" : topicDefaults.retention();
    var deletionPolicy = platform.getSpec().deletionPolicy();
    return new TopicPlan.Defaults(PlatformKafkas.prefix(platform, kafka), partitions, replication,
        Map.of("retention.ms", TopicDeclaration.retentionMs(retention)),
        deletionPolicy == null ? DeletionPolicy.Retain : deletionPolicy);
  }
}
