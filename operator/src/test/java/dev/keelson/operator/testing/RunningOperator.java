package dev.keelson.operator.testing;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.kafka.ConsumerGroupLagReader;
import dev.keelson.operator.kafka.KafkaConnections;
import dev.keelson.operator.kafka.KafkaTopics;
import dev.keelson.operator.kafka.PlatformTopics;
import dev.keelson.operator.metrics.ClusterMetrics;
import dev.keelson.operator.metrics.StatusMetrics;
import dev.keelson.operator.mongodb.MongoConnections;
import dev.keelson.operator.mongodb.MongoReplicaSet;
import dev.keelson.operator.mongodb.PlatformMongo;
import dev.keelson.operator.platform.PlatformReconciler;
import dev.keelson.operator.pki.PlatformCa;
import dev.keelson.operator.redis.PlatformRedis;
import dev.keelson.operator.redis.RedisAclUsers;
import dev.keelson.operator.redis.RedisAdmin;
import dev.keelson.operator.redis.RedisConnections;
import dev.keelson.operator.reconcile.EventRecorder;
import dev.keelson.operator.reconcile.ReconcileGate;
import dev.keelson.operator.service.ServiceReconciler;
import dev.keelson.operator.workerpool.ConsumerGroupCarryOver;
import dev.keelson.operator.workerpool.WorkerPoolAutoscaler;
import dev.keelson.operator.workerpool.WorkerPoolReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keelson's reconcilers running in the test JVM against a real API server, with a client of
 * their own, exactly as the Quarkus application registers them. Counts finished reconciles per
 * object, so a test can wait for "reconciled at least once since start" without sleeping.
 */
public final class RunningOperator implements AutoCloseable {
  private final Operator operator;
  /** Short, so that tests of an unreachable Kafka finish quickly. */
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);
  /** Short, so that the tests of a deletion during an outage finish quickly. */
  public static final Duration DELETION_GRACE = Duration.ofSeconds(8);
  private final Map<ResourceID, AtomicLong> reconciles = new ConcurrentHashMap<>();
  private final KafkaConnections kafka;
  private final RedisConnections redis;
  private final MongoConnections mongo;
  private final WorkerPoolAutoscaler autoscaler;
  private final ClusterRegistry clusters;
  private final SimpleMeterRegistry metrics;

  private RunningOperator(KubernetesClient client, String namespace, Clock clock, List<RedisAdmin.RedisNode> redisNodes, String mongoAddress) {
    Metrics counter = new Metrics() {
      @Override
      public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        reconciles.computeIfAbsent(ResourceID.fromResource(resource), k -> new AtomicLong()).incrementAndGet();
      }
    };
    // As application.properties configures the packaged operator: informers retry instead of stopping.
    operator = new Operator(o -> o.withKubernetesClient(client).withMetrics(counter).withCloseClientOnStop(true)
        .withStopOnInformerErrorDuringStartup(false));
    clusters = new ClusterRegistry(client, Duration.ofSeconds(1));
    var events = new EventRecorder(client, clock);
    metrics = new SimpleMeterRegistry();
    var statusMetrics = new StatusMetrics(metrics);
    new ClusterMetrics(clusters, metrics);
    KafkaBroker.quietKafkaLogs();
    kafka = new KafkaConnections(KAFKA_TIMEOUT, clock);
    redis = RedisConnections.jedis(Duration.ofSeconds(3), redisNodes);
    var settings = new KeelsonSettings("ingress-nginx", "keelson-system", DELETION_GRACE);
    var platformRedis = new PlatformRedis(new RedisAclUsers(redis), settings);
    mongo = MongoConnections.unauthenticated(Duration.ofSeconds(3), mongoAddress);
    var platformMongo = new PlatformMongo(new MongoReplicaSet(mongo), settings);
    operator.register(new PlatformReconciler(clusters, new PlatformCa(), platformRedis, platformMongo,
        new PlatformTopics(new KafkaTopics(client, kafka)), events, statusMetrics, settings, clock),
        o -> o.settingNamespace(namespace));
    var gate = ReconcileGate.onInput();
    operator.register(new ServiceReconciler(clusters, events, statusMetrics, settings, gate, clock), o -> o.settingNamespace(namespace));
    var consumerGroups = new ConsumerGroupLagReader(client, kafka, clock);
    autoscaler = new WorkerPoolAutoscaler(consumerGroups);
    operator.register(new WorkerPoolReconciler(clusters, events, statusMetrics, settings, autoscaler,
        new ConsumerGroupCarryOver(consumerGroups), gate, clock),
        o -> o.settingNamespace(namespace));
    operator.start();
  }

  /** The operator watching one namespace, as the test's own: objects other tests left elsewhere stay out of it. */
  public static RunningOperator start(RealApiServer server, String namespace) {
    return new RunningOperator(server.newClient(), namespace, Clock.systemUTC(), List.of(), null);
  }

  /** The operator reaching the Platforms' Redis at the given instances (real redis-servers the test runs). */
  public static RunningOperator start(RealApiServer server, String namespace, List<RedisAdmin.RedisNode> redisNodes) {
    return new RunningOperator(server.newClient(), namespace, Clock.systemUTC(), redisNodes, null);
  }

  /** The operator on the test's clock. */
  public static RunningOperator withClock(RealApiServer server, String namespace, Clock clock) {
    return new RunningOperator(server.newClient(), namespace, clock, List.of(), null);
  }

  /** The operator reaching Redis and MongoDB at the test's servers. */
  public static RunningOperator withDataServices(RealApiServer server, String namespace, List<RedisAdmin.RedisNode> redisNodes,
      String mongoAddress) {
    return new RunningOperator(server.newClient(), namespace, Clock.systemUTC(), redisNodes, mongoAddress);
  }

  /** The operator reaching every MongoDB member at one test server (mongo-java-server with a replica-set backend). */
  public static RunningOperator withMongo(RealApiServer server, String namespace, String mongoAddress) {
    return new RunningOperator(server.newClient(), namespace, Clock.systemUTC(), List.of(), mongoAddress);
  }

  /** The operator acting as a ServiceAccount (impersonated), so that the API server applies its RBAC. */
  public static RunningOperator startAs(RealApiServer server, String namespace, String serviceAccountNamespace, String serviceAccount) {
    return new RunningOperator(server.newClientAs(serviceAccountNamespace, serviceAccount), namespace, Clock.systemUTC(), List.of(), null);
  }

  /** Successful reconciles of that object since this operator started. */
  public long reconciles(HasMetadata resource) {
    var count = reconciles.get(ResourceID.fromResource(resource));
    return count == null ? 0 : count.get();
  }

  /** Keelson's metrics as this operator reports them. */
  public SimpleMeterRegistry metrics() {
    return metrics;
  }

  /** Commands sent to Redis since this operator started. */
  public long redisCalls() {
    return redis.calls();
  }

  /** Commands sent to MongoDB since this operator started. */
  public long mongoCalls() {
    return mongo.calls();
  }

  /** Lag polls of WorkerPools since this operator started. */
  public long lagPolls() {
    return autoscaler.polls();
  }

  /** Requests made to Kafka since this operator started. */
  public long kafkaCalls() {
    return kafka.calls();
  }

  @Override
  public void close() {
    operator.stop();
    clusters.close();
    kafka.close();
  }
}
