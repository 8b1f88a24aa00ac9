package dev.keelson.operator.service;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.SecuritySpec;
import dev.keelson.operator.api.v1alpha1.ServiceSpec;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Health;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Rollout;
import dev.keelson.operator.binding.BindingEntries;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.mongodb.MongoModel;
import dev.keelson.operator.pki.CertificateSecrets;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.mongodb.MongoUsers;
import dev.keelson.operator.redis.RedisModel;
import dev.keelson.operator.redis.RedisUser;
import io.fabric8.kubernetes.api.model.Secret;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.reconcile.FieldOwnership;
import dev.keelson.operator.reconcile.Ownership;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Builds the {@link ServiceModel} of one reconcile on one cluster. */
public final class ServiceModelFactory {
  private ServiceModelFactory() {}

  /**
   * @param live the Deployment as the cluster's cache holds it, if any: only read to decide who
   *     owns the replica count when autoscaling is on
   * @param credentials the Service's credentials Secret on that cluster, once it exists
   * @param tls the Service's certificate Secret when the Platform issues certificates
   */
  public static ServiceModel resolve(KeelsonService service, Platform platform, TargetCluster cluster,
      KeelsonSettings settings, Optional<Deployment> live, Optional<Secret> credentials, Optional<Secret> tls) {
    ServiceSpec spec = service.getSpec();
    PlatformSpec platformSpec = platform.getSpec();
    Profile profile = platformSpec == null || platformSpec.profile() == null ? Profile.dev : platformSpec.profile();
    ProfileDefaults defaults = ProfileDefaults.of(profile);
    Integer percent = cluster.overrides() == null ? null : cluster.overrides().replicaPercent();

    ServiceModel.Autoscaling autoscaling = null;
    if (spec.autoscaling() != null) {
      var a = spec.autoscaling();
      int min = scale(Objects.requireNonNullElse(a.minReplicas(), defaults.hpaMinReplicas()), percent);
      int max = Math.max(min, scale(Objects.requireNonNullElse(a.maxReplicas(), defaults.hpaMaxReplicas()), percent));
      autoscaling = new ServiceModel.Autoscaling(min, max, a.targetCPUUtilizationPercentage(), a.targetMemoryUtilizationPercentage());
    }
    Health health = spec.health() == null ? new Health(null, null, null) : spec.health();
    Rollout rollout = spec.rollout() == null ? new Rollout(null, null) : spec.rollout();
    boolean policies = platformSpec == null || platformSpec.security() == null
        || platformSpec.security().networkPolicy() != SecuritySpec.NetworkPolicyMode.None;
    boolean usesKafka = spec.uses() != null && spec.uses().kafka() != null && platformSpec != null && platformSpec.kafka() != null;

    return new ServiceModel(
        service.getMetadata().getName(),
        service.getMetadata().getNamespace(),
        platform.getMetadata().getName(),
        profile,
        cluster.name(),
        spec.image(),
        spec.ports(),
        autoscaling == null ? scale(Objects.requireNonNullElse(spec.replicas(), defaults.serviceReplicas()), percent) : null,
        autoscaling == null ? null : handoverReplicas(autoscaling, live),
        autoscaling,
        spec.resources() != null ? spec.resources() : defaults.serviceResources(),
        spec.env(),
        new Health(
            Objects.requireNonNullElse(health.livenessPath(), "/health/live"),
            Objects.requireNonNullElse(health.readinessPath(), "/health/ready"),
            health.startupPath()),
        new Rollout(
            Objects.requireNonNullElse(rollout.maxSurge(), new IntOrString("25%")),
            Objects.requireNonNullElse(rollout.maxUnavailable(), new IntOrString(0))),
        Boolean.TRUE.equals(spec.automountServiceAccountToken()),
        defaults.highAvailability(),
        spec.config() == null ? null : new java.util.TreeMap<>(spec.config()),
        spec.expose(),
        cluster.ingressClassName(),
        settings.ingressControllerNamespace(),
        spec.allowFrom(),
        usesKafka ? brokerPorts(platformSpec.kafka().bootstrapServers()) : List.of(),
        spec.uses() != null && spec.uses().redis() != null,
        spec.uses() != null && spec.uses().mongodb() != null,
        policies,
        binding(service, platform, cluster, settings, credentials),
        usesKafka && platformSpec.kafka().authSecretRef() != null ? platformSpec.kafka().authSecretRef().name() : null,
        tls.map(CertificateSecrets::checksum).orElse(null),
        Ownership.controlledBy(service, cluster));
  }

  /** The binding Secret's entries: Kafka's and Redis's, for what the Service uses and the Platform has. */
  static java.util.SortedMap<String, String> binding(KeelsonService service, Platform platform, TargetCluster cluster,
      KeelsonSettings settings, Optional<Secret> credentials) {
    var uses = service.getSpec().uses();
    var entries = new java.util.TreeMap<String, String>();
    if (uses == null) return entries;
    if (uses.kafka() != null) entries.putAll(BindingEntries.kafka(platform, TopicDeclaration.of(service), null));
    var redis = RedisModel.resolve(platform, cluster, settings.operatorNamespace());
    var passwords = credentials.map(c -> Credentials.passwords(c, Credentials.REDIS_PASSWORD)).orElse(java.util.List.of());
    if (uses.redis() != null && redis.enabled() && !passwords.isEmpty()) {
      entries.putAll(BindingEntries.redis(redis, RedisUser.nameFor(ServiceModel.KIND, service.getMetadata().getName()),
          passwords.get(0), uses.redis().keyPrefix(), TlsSettings.of(platform) != null));
    }
    var mongoPasswords = credentials.map(c -> Credentials.passwords(c, Credentials.MONGODB_PASSWORD)).orElse(java.util.List.of());
    if (uses.mongodb() != null && platform.getSpec().mongodb() != null && !mongoPasswords.isEmpty()) {
      var mongo = MongoModel.resolve(platform, cluster, settings.operatorNamespace(), 0);
      String user = MongoUsers.name(ServiceModel.KIND, service.getMetadata().getName(), Credentials.generation(credentials.get()));
      entries.putAll(BindingEntries.mongodb(mongo, user, mongoPasswords.get(0), uses.mongodb().database(), TlsSettings.of(platform) != null));
    }
    return entries;
  }

  /**
   * What to hand to the autoscaler: the range's minimum for a new Deployment; the live count
   * (within the range) while Keelson's own applied configuration still holds {@code replicas}
   * (autoscaling was just switched on); nothing once Keelson no longer owns it.
   */
  static Integer handoverReplicas(ServiceModel.Autoscaling autoscaling, Optional<Deployment> live) {
    if (live.isEmpty()) return autoscaling.minReplicas();
    if (!FieldOwnership.keelsonOwns(live.get(), "spec", "replicas")) return null;
    int current = Objects.requireNonNullElse(live.get().getSpec().getReplicas(), autoscaling.minReplicas());
    return Math.max(autoscaling.minReplicas(), Math.min(autoscaling.maxReplicas(), current));
  }

  private static int scale(int replicas, Integer percent) {
    if (percent == null || replicas == 0) return replicas;
    return Math.max(1, (int) Math.ceil(replicas * percent / 100.0));
  }

  private static List<Integer> brokerPorts(String bootstrapServers) {
    return Arrays.stream(bootstrapServers.split(","))
        .map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1).trim()))
        .distinct().sorted().toList();
  }
}
