package dev.keelson.operator.metrics;

import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonStatus;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Keelson's own metrics, from what each reconcile found (every status a reconcile computes, written
 * or not, so that a restarted operator reports at once). Low-cardinality: series are per kind and
 * reason, per Platform and cluster, per Platform and data service or Kafka, per WorkerPool; never
 * per Service, never a secret. Every name starts with {@code keelson_}; README lists them.
 */
@ApplicationScoped
public class StatusMetrics {
  private final MeterRegistry registry;
  /** Per object (kind/namespace/name): its last Ready status and reason, and whether it was stalled. */
  private final Map<String, Observed> observed = new ConcurrentHashMap<>();
  private final Map<Tags, AtomicInteger> resources = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> stalled = new ConcurrentHashMap<>();
  private final LabeledGauges clusterReady;
  private final LabeledGauges dataServiceReady;
  private final LabeledGauges topics;
  private final LabeledGauges certificateExpiry;
  private final Map<String, LabeledGauges> workerPools = new HashMap<>();

  private record Observed(String kind, String ready, String reason, boolean stalled) {}

  public StatusMetrics(MeterRegistry registry) {
    this.registry = registry;
    clusterReady = new LabeledGauges(registry, "keelson_cluster_ready",
        "1 when the Platform's target cluster is reachable and everything on it is in place, else 0");
    dataServiceReady = new LabeledGauges(registry, "keelson_data_service_ready",
        "1 when the Platform's data service (redis, mongodb, or a Kafka's topics) is ready over its clusters, else 0");
    topics = new LabeledGauges(registry, "keelson_kafka_topics", "Topics Keelson manages on a Platform's Kafka, by state");
    certificateExpiry = new LabeledGauges(registry, "keelson_certificate_expiry_timestamp_seconds",
        "When the certificate a Platform's data service serves on a cluster (or its CA) expires, in Unix seconds");
    workerPool("replicas", "A WorkerPool's current workers, summed over its clusters");
    workerPool("desired_replicas", "Workers the WorkerPool's last scaling decision set");
    workerPool("lag", "The WorkerPool's consumer lag on its queue topic, in records, when last read");
    workerPool("partitions", "Partitions of the WorkerPool's queue topic: the most workers that can consume at once");
    workerPool("last_scale_timestamp_seconds", "When the WorkerPool's worker count last changed, in Unix seconds");
    workerPool("scaling_decision", "1 for the reason of the WorkerPool's last scaling decision (ScaledUp, Steady, ScalingLimited, ...)");
  }

  /** What one reconcile found for the object: its status as computed, whether or not it changed. */
  public void observe(HasMetadata resource, KeelsonStatus status) {
    if (status == null) return;
    String kind = resource.getKind();
    var ready = Conditions.find(status.conditions(), Conditions.READY);
    String readyStatus = ready.map(c -> c.getStatus()).orElse(Conditions.UNKNOWN);
    String reason = ready.map(c -> c.getReason()).orElse("None");
    boolean isStalled = Conditions.find(status.conditions(), Conditions.STALLED).filter(c -> Conditions.TRUE.equals(c.getStatus())).isPresent();
    Counter.builder("keelson.reconciles").description("Reconciles by kind and the Ready reason they ended with")
        .tags("kind", kind, "reason", reason).register(registry).increment();
    track(key(resource), new Observed(kind, readyStatus, reason, isStalled));
    if (status instanceof PlatformStatus platform) observePlatform(resource, platform);
    if (status instanceof WorkerPoolStatus pool) observeWorkerPool(resource, pool);
  }

  /** The object is gone: its series go too. */
  public void forget(HasMetadata resource) {
    String key = key(resource);
    track(key, null);
    for (var family : List.of(clusterReady, dataServiceReady, topics, certificateExpiry)) family.forget(key);
    workerPools.values().forEach(family -> family.forget(key));
  }

  /**
   * When the certificates the Platform's data services serve expire, per cluster and data service
   * ("ca", "redis", "mongodb"); replaces what was reported before.
   */
  public void certificates(HasMetadata platform, Map<String, Map<String, Instant>> expiryByClusterAndService) {
    var series = new HashMap<Tags, Double>();
    expiryByClusterAndService.forEach((cluster, byService) -> byService.forEach((service, expiry) ->
        series.put(platformTags(platform).and("cluster", cluster, "service", service), (double) expiry.getEpochSecond())));
    certificateExpiry.replace(key(platform), series);
  }

  private void observePlatform(HasMetadata platform, PlatformStatus status) {
    var ready = new HashMap<Tags, Double>();
    if (status.clusters() != null) {
      status.clusters().forEach(c -> ready.put(platformTags(platform).and("cluster", c.name()), Boolean.TRUE.equals(c.ready()) ? 1.0 : 0.0));
    }
    clusterReady.replace(key(platform), ready);
    var services = new HashMap<Tags, Double>();
    var topicStates = new HashMap<Tags, Double>();
    if (status.redis() != null) services.put(platformTags(platform).and("service", "redis", "kafka", ""), flag(status.redis().ready()));
    if (status.mongodb() != null) services.put(platformTags(platform).and("service", "mongodb", "kafka", ""), flag(status.mongodb().ready()));
    Stream.concat(Stream.ofNullable(status.kafka()), status.clusterKafkas() == null ? Stream.empty() : status.clusterKafkas().stream())
        .forEach(kafka -> {
          services.put(platformTags(platform).and("service", "kafka", "kafka", kafka.bootstrapServers()), flag(kafka.ready()));
          countTopics(platform, kafka, topicStates);
        });
    dataServiceReady.replace(key(platform), services);
    topics.replace(key(platform), topicStates);
  }

  private void countTopics(HasMetadata platform, KafkaStatus kafka, Map<Tags, Double> into) {
    if (kafka.topics() == null) return;
    for (var topic : kafka.topics()) {
      String state = Boolean.TRUE.equals(topic.ready()) ? Reason.TOPIC_READY.toString() : String.valueOf(topic.reason());
      into.merge(platformTags(platform).and("kafka", kafka.bootstrapServers(), "state", state), 1.0, Double::sum);
    }
  }

  private void workerPool(String name, String description) {
    workerPools.put(name, new LabeledGauges(registry, "keelson_workerpool_" + name, description));
  }

  private void observeWorkerPool(HasMetadata pool, WorkerPoolStatus status) {
    var tags = Tags.of("namespace", pool.getMetadata().getNamespace(), "workerpool", pool.getMetadata().getName());
    reportPool(pool, "replicas", tags, status.replicas());
    reportPool(pool, "desired_replicas", tags, status.desiredReplicas());
    reportPool(pool, "lag", tags, status.lag());
    reportPool(pool, "partitions", tags, status.partitions());
    reportPool(pool, "last_scale_timestamp_seconds", tags,
        status.lastScaleTime() == null ? null : Instant.parse(status.lastScaleTime()).getEpochSecond());
    var decision = status.decision() == null ? null : status.decision().reason();
    workerPools.get("scaling_decision").replace(key(pool), decision == null ? Map.of() : Map.of(tags.and("reason", decision), 1.0));
  }

  private void reportPool(HasMetadata pool, String name, Tags tags, Number value) {
    workerPools.get(name).replace(key(pool), value == null ? Map.of() : Map.of(tags, value.doubleValue()));
  }

  /** Moves the object from the counts of its last state to those of this one (none when gone). */
  private synchronized void track(String key, Observed now) {
    var before = now == null ? observed.remove(key) : observed.put(key, now);
    if (before != null) {
      count(before, -1);
    }
    if (now != null) count(now, 1);
  }

  private void count(Observed o, int delta) {
    resources.computeIfAbsent(Tags.of("kind", o.kind(), "ready", o.ready(), "reason", o.reason()), tags -> {
      var count = new AtomicInteger();
      Gauge.builder("keelson_resources", count, AtomicInteger::get)
          .description("Platforms, Services and WorkerPools by kind, Ready status and reason").tags(tags).register(registry);
      return count;
    }).addAndGet(delta);
    if (o.stalled()) {
      stalled.computeIfAbsent(o.kind(), kind -> {
        var count = new AtomicInteger();
        Gauge.builder("keelson_resources_stalled", count, AtomicInteger::get)
            .description("Platforms, Services and WorkerPools that are Stalled: no progress until something is changed")
            .tags("kind", kind).register(registry);
        return count;
      }).addAndGet(delta);
    }
  }

  private static Tags platformTags(HasMetadata platform) {
    return Tags.of("namespace", platform.getMetadata().getNamespace(), "platform", platform.getMetadata().getName());
  }

  private static String key(HasMetadata resource) {
    return resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private static double flag(Boolean ready) {
    return Boolean.TRUE.equals(ready) ? 1.0 : 0.0;
  }
}
