package dev.keelson.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keelson's metrics from the statuses reconciles compute: the series, their labels, and that none outlives its object. */
class StatusMetricsTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final StatusMetrics metrics = new StatusMetrics(registry);

  @Test
  void aPlatformReportsEachClusterEachDataServiceAndItsTopicsByState() {
    var platform = named(new Platform(), "shop");
    metrics.observe(platform, platformStatus(List.of(cluster("aws", true), cluster("ovh", false))));

    assertThat(gauge("keelson_cluster_ready", "cluster", "aws")).isEqualTo(1.0);
    assertThat(gauge("keelson_cluster_ready", "cluster", "ovh")).isEqualTo(0.0);
    assertThat(gauge("keelson_data_service_ready", "service", "redis")).isEqualTo(1.0);
    assertThat(gauge("keelson_data_service_ready", "service", "kafka")).isEqualTo(0.0);
    assertThat(gauge("keelson_kafka_topics", "state", "TopicReady")).isEqualTo(2.0);
    assertThat(gauge("keelson_kafka_topics", "state", "PartitionDecreaseRefused")).isEqualTo(1.0);
    assertThat(gauge("keelson_resources", "kind", "Platform")).isEqualTo(1.0);
    assertThat(registry.get("keelson_cluster_ready").tag("cluster", "aws").gauge().getId().getTags())
        .extracting(t -> t.getKey() + "=" + t.getValue()).containsExactlyInAnyOrder("namespace=shop", "platform=shop", "cluster=aws");

    metrics.observe(platform, platformStatus(List.of(cluster("aws", true))));
    assertThat(series("keelson_cluster_ready")).as("a cluster the Platform no longer lists leaves no series").hasSize(1);
    assertThat(counter("keelson.reconciles", "Platform")).isEqualTo(2.0);
  }

  @Test
  void objectsAreCountedByKindReadyAndReasonAndStalledOnesApart() {
    var orders = named(new KeelsonService(), "orders");
    var billing = named(new KeelsonService(), "billing");
    metrics.observe(orders, serviceStatus(Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "1/2 pods available")));
    metrics.observe(billing, serviceStatus(Verdict.blocked(Reason.NAME_CONFLICT, "ServiceAccount billing exists")));
    assertThat(gauge("keelson_resources", "reason", "DeploymentProgressing")).isEqualTo(1.0);
    assertThat(gauge("keelson_resources_stalled", "kind", "Service")).isEqualTo(1.0);

    metrics.observe(orders, serviceStatus(Verdict.ready(Reason.AVAILABLE, "2/2 pods available")));
    metrics.observe(billing, serviceStatus(Verdict.ready(Reason.AVAILABLE, "2/2 pods available")));
    assertThat(gauge("keelson_resources", "reason", "DeploymentProgressing")).as("moved to its new state").isEqualTo(0.0);
    assertThat(gauge("keelson_resources", "reason", "Available")).isEqualTo(2.0);
    assertThat(gauge("keelson_resources_stalled", "kind", "Service")).isEqualTo(0.0);

    metrics.forget(orders);
    assertThat(gauge("keelson_resources", "reason", "Available")).isEqualTo(1.0);
    assertThat(registry.getMeters()).as("never a series per Service")
        .noneMatch(m -> m.getId().getTags().stream().anyMatch(t -> t.getValue().equals("orders")));
  }

  @Test
  void aWorkerPoolReportsItsWorkersAndLagUntilItIsGone() {
    var pool = named(new WorkerPool(), "notifications");
    metrics.observe(pool, new WorkerPoolStatus(1L, Verdict.ready(Reason.AVAILABLE, "3/3").conditions(null, 1, T0), List.of(), "1/1", 3, 4,
        1200L, 6, null, new WorkerPoolStatus.ScalingDecision("ScaledUp", "lag 1200 over 3 workers"), "2026-12-01T09:58:00Z", null,
        "app=notifications"));
    assertThat(gauge("keelson_workerpool_replicas", "workerpool", "notifications")).isEqualTo(3.0);
    assertThat(gauge("keelson_workerpool_desired_replicas", "workerpool", "notifications")).isEqualTo(4.0);
    assertThat(gauge("keelson_workerpool_lag", "workerpool", "notifications")).isEqualTo(1200.0);
    assertThat(gauge("keelson_workerpool_scaling_decision", "reason", "ScaledUp")).isEqualTo(1.0);
    assertThat(gauge("keelson_workerpool_last_scale_timestamp_seconds", "workerpool", "notifications"))
        .isEqualTo((double) Instant.parse("2026-12-01T09:58:00Z").getEpochSecond());

    metrics.forget(pool);
    assertThat(registry.getMeters()).noneMatch(m -> m.getId().getName().startsWith("keelson_workerpool"));
  }

  @Test
  void certificatesAreReportedPerClusterAndDataServiceAndReplacedAsAWhole() {
    var platform = named(new Platform(), "shop");
    metrics.certificates(platform, Map.of("aws", Map.of("ca", T0.plusSeconds(3600), "redis", T0.plusSeconds(60))));
    assertThat(gauge("keelson_certificate_expiry_timestamp_seconds", "service", "redis")).isEqualTo((double) T0.plusSeconds(60).getEpochSecond());
    metrics.certificates(platform, Map.of());
    assertThat(series("keelson_certificate_expiry_timestamp_seconds")).isEmpty();
  }

  private PlatformStatus platformStatus(List<ClusterStatus> clusters) {
    var topics = List.of(topic("shop.orders", true, Reason.TOPIC_READY), topic("shop.payments", true, Reason.TOPIC_READY),
        topic("shop.audit", false, Reason.PARTITION_DECREASE_REFUSED));
    var kafka = new KafkaStatus("kafka:9092", List.of("aws"), false, Reason.PARTITION_DECREASE_REFUSED.toString(), "refused", null, topics);
    var redis = new RedisStatus(true, Reason.USERS_READY.toString(), "2 ACL user(s)", 2, null);
    return new PlatformStatus(1L, Verdict.ready(Reason.CLUSTER_READY, "ok").conditions(null, 1, T0), clusters, "x", kafka, null, redis, null,
        null);
  }

  private static ServiceStatus serviceStatus(Verdict verdict) {
    return new ServiceStatus(1L, verdict.conditions(null, 1, T0), List.of(), "0/0", null, null, null, null);
  }

  private static TopicStatus topic(String name, boolean ready, Reason reason) {
    return new TopicStatus(name, 3, 1, ready, reason.toString(), "", TopicStatus.CREATED, List.of());
  }

  private static ClusterStatus cluster(String name, boolean ready) {
    return new ClusterStatus(name, ready, ready ? "ClusterReady" : "ClusterUnreachable", "", 1L, null, null);
  }

  private static <T extends HasMetadata> T named(T resource, String name) {
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    return resource;
  }

  private double gauge(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).gauge().value();
  }

  private double counter(String name, String kind) {
    return registry.get(name).tag("kind", kind).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private List<Meter> series(String name) {
    return registry.getMeters().stream().filter(m -> m.getId().getName().equals(name)).toList();
  }
}
