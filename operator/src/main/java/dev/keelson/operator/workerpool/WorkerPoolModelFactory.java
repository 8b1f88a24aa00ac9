package dev.keelson.operator.workerpool;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.SecuritySpec;
import dev.keelson.operator.api.v1alpha1.ServiceSpec;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Health;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Rollout;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.ServicePort;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolSpec;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.pki.CertificateSecrets;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.reconcile.Ownership;
import dev.keelson.operator.workload.WorkloadBinding;
import dev.keelson.operator.workload.WorkloadDataAccess;
import dev.keelson.operator.workload.WorkloadExposure;
import dev.keelson.operator.workload.WorkloadIdentity;
import dev.keelson.operator.workload.WorkloadKind;
import dev.keelson.operator.workload.WorkloadModel;
import dev.keelson.operator.workload.WorkloadPods;
import dev.keelson.operator.workload.WorkloadScaling;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the {@link WorkloadModel} of a WorkerPool on one cluster: a Deployment of workers with no
 * Kubernetes Service, probes on the health port, the stop grace period of spec.shutdown, and the
 * queue's names in the environment. In Lag mode the model carries no replica count: the autoscaler
 * sets it through the Deployment's scale subresource.
 */
public final class WorkerPoolModelFactory {
  /** Environment variables telling each worker what to consume (full topic names, prefix included). */
  public static final String TOPIC_ENV = "KEELSON_QUEUE_TOPIC";
  public static final String GROUP_ENV = "KEELSON_QUEUE_CONSUMER_GROUP";
  public static final String RETRY_TOPICS_ENV = "KEELSON_QUEUE_RETRY_TOPICS";
  public static final String RETRY_ATTEMPTS_ENV = "KEELSON_QUEUE_RETRY_ATTEMPTS";
  public static final String DEAD_LETTER_ENV = "KEELSON_QUEUE_DEAD_LETTER_TOPIC";
  static final String HEALTH_PORT_NAME = "health";

  private WorkerPoolModelFactory() {}

  /**
   * @param credentials the pool's credentials Secret on that cluster, once it exists
   * @param tls the pool's certificate Secret when the Platform issues certificates
   * @param replicas in Manual mode, the cluster's share of spec.replicas; null in Lag mode
   * @param minimumReplicas the fewest workers the cluster runs (its share of minReplicas, or of spec.replicas)
   */
  public static WorkloadModel resolve(WorkerPool pool, Platform platform, TargetCluster cluster, KeelsonSettings settings,
      Optional<Secret> credentials, Optional<Secret> tls, Integer replicas, int minimumReplicas) {
    WorkerPoolSpec spec = pool.getSpec();
    PlatformSpec platformSpec = platform.getSpec();
    Profile profile = platformSpec == null || platformSpec.profile() == null ? Profile.dev : platformSpec.profile();
    ProfileDefaults defaults = ProfileDefaults.of(profile);
    Health health = spec.health() == null ? new Health(null, null, null) : spec.health();
    boolean policies = platformSpec == null || platformSpec.security() == null
        || platformSpec.security().networkPolicy() != SecuritySpec.NetworkPolicyMode.None;
    String name = pool.getMetadata().getName();
    var topics = TopicDeclaration.of(pool);
    // A pool runs only on clusters with a Kafka; elsewhere the model only names what to remove.
    var own = PlatformKafkas.of(platformSpec, cluster.overrides());
    var kafka = own != null ? own : PlatformKafkas.all(platform).get(0).spec();
    return new WorkloadModel(
        new WorkloadIdentity(
            WorkloadKind.WorkerPool,
            name,
            pool.getMetadata().getNamespace(),
            platform.getMetadata().getName(),
            profile,
            cluster.name(),
            Ownership.controlledBy(pool, cluster)),
        new WorkloadPods(
            spec.image(),
            List.of(new ServicePort(HEALTH_PORT_NAME, Objects.requireNonNullElse(spec.healthPort(), 8080), ServiceSpec.Protocol.TCP)),
            spec.resources() != null ? spec.resources() : defaults.serviceResources(),
            env(pool, platform, kafka),
            new Health(
                Objects.requireNonNullElse(health.livenessPath(), "/health/live"),
                Objects.requireNonNullElse(health.readinessPath(), "/health/ready"),
                health.startupPath()),
            new Rollout(new IntOrString("25%"), new IntOrString(0)),
            false,
            spec.shutdown() == null || spec.shutdown().gracePeriodSeconds() == null ? 60 : spec.shutdown().gracePeriodSeconds(),
            defaults.highAvailability(),
            tls.map(CertificateSecrets::checksum).orElse(null)),
        WorkloadExposure.scrapedFrom(WorkloadExposure.monitoringNamespace(platform)),
        new WorkloadDataAccess(
            WorkloadBinding.brokerPorts(kafka.bootstrapServers()),
            spec.uses() != null && spec.uses().redis() != null,
            spec.uses() != null && spec.uses().mongodb() != null,
            policies,
            WorkloadBinding.entries(WorkloadKind.WorkerPool, name, spec.uses(), topics, consumerGroup(pool, platform, kafka), platform,
                cluster, settings, credentials),
            kafka.authSecretRef() != null ? kafka.authSecretRef().name() : null),
        new WorkloadScaling(replicas, minimumReplicas, null, null));
  }

  /** The pool's consumer group as its spec declares it: spec.queue.consumerGroup, default the pool's name. */
  public static String declaredGroup(WorkerPool pool) {
    var group = pool.getSpec().queue().consumerGroup();
    return group != null ? group : pool.getMetadata().getName();
  }

  /**
   * The pool's consumer group on that Kafka: the declared group with the prefix of the Platform's
   * topics there, so that on a shared Kafka a group, like a topic, is one Platform's (its ACLs can
   * grant the Platform's principal the one prefix for both) and no pool joins another Platform's group.
   */
  public static String consumerGroup(WorkerPool pool, Platform platform, KafkaSpec kafka) {
    return PlatformKafkas.prefix(platform, kafka) + declaredGroup(pool);
  }

  /** The consumed topic's full name on that Kafka, its prefix included. */
  public static String topic(WorkerPool pool, Platform platform, KafkaSpec kafka) {
    return PlatformKafkas.prefix(platform, kafka) + pool.getSpec().queue().topic();
  }

  /** The queue's retry topics' full names on that Kafka, in attempt order. */
  public static List<String> retryTopics(WorkerPool pool, Platform platform, KafkaSpec kafka) {
    String prefix = PlatformKafkas.prefix(platform, kafka);
    return TopicDeclaration.retryTopics(pool.getSpec().queue()).stream().map(t -> prefix + t).toList();
  }

  /** The queue's names, unless the spec's env already sets them; then the spec's own variables. */
  private static List<EnvVar> env(WorkerPool pool, Platform platform, KafkaSpec kafka) {
    var spec = pool.getSpec();
    var queue = spec.queue();
    String prefix = PlatformKafkas.prefix(platform, kafka);
    var retry = queue.retry();
    int attempts = retry == null || retry.attempts() == null ? 3 : retry.attempts();
    var queueEnv = List.of(
        new EnvVarBuilder().withName(TOPIC_ENV).withValue(prefix + queue.topic()).build(),
        new EnvVarBuilder().withName(GROUP_ENV).withValue(consumerGroup(pool, platform, kafka)).build(),
        new EnvVarBuilder().withName(RETRY_TOPICS_ENV).withValue(String.join(",", retryTopics(pool, platform, kafka))).build(),
        new EnvVarBuilder().withName(RETRY_ATTEMPTS_ENV).withValue(Integer.toString(attempts)).build(),
        new EnvVarBuilder().withName(DEAD_LETTER_ENV).withValue(prefix + TopicDeclaration.deadLetterTopic(queue)).build());
    var own = spec.env() == null ? List.<EnvVar>of() : spec.env();
    var env = new ArrayList<EnvVar>();
    queueEnv.stream().filter(e -> own.stream().noneMatch(o -> o.getName().equals(e.getName()))).forEach(env::add);
    env.addAll(own);
    return env;
  }
}
