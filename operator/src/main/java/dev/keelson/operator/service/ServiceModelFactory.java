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
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.pki.CertificateSecrets;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.reconcile.FieldOwnership;
import dev.keelson.operator.reconcile.Ownership;
import dev.keelson.operator.workload.WorkloadBinding;
import dev.keelson.operator.workload.WorkloadDataAccess;
import dev.keelson.operator.workload.WorkloadExposure;
import dev.keelson.operator.workload.WorkloadIdentity;
import dev.keelson.operator.workload.WorkloadKind;
import dev.keelson.operator.workload.WorkloadModel;
import dev.keelson.operator.workload.WorkloadPods;
import dev.keelson.operator.workload.WorkloadScaling;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the {@link WorkloadModel} of one reconcile on one cluster. */
public final class ServiceModelFactory {
  /** Seconds a Service's pod gets to finish its requests when it stops. */
  static final long TERMINATION_GRACE_SECONDS = 30;

  private ServiceModelFactory() {}

  /**
   * @param live the Deployment as the cluster's cache holds it, if any: only read to decide who
   *     owns the replica count when autoscaling is on
   * @param credentials the Service's credentials Secret on that cluster, once it exists
   * @param tls the Service's certificate Secret when the Platform issues certificates
   */
  public static WorkloadModel resolve(KeelsonService service, Platform platform, TargetCluster cluster,
      KeelsonSettings settings, Optional<Deployment> live, Optional<Secret> credentials, Optional<Secret> tls) {
    ServiceSpec spec = service.getSpec();
    PlatformSpec platformSpec = platform.getSpec();
    Profile profile = platformSpec == null || platformSpec.profile() == null ? Profile.dev : platformSpec.profile();
    ProfileDefaults defaults = ProfileDefaults.of(profile);
    Integer percent = cluster.overrides() == null ? null : cluster.overrides().replicaPercent();

    WorkloadScaling.Autoscaling autoscaling = null;
    if (spec.autoscaling() != null) {
      var a = spec.autoscaling();
      int min = scale(Objects.requireNonNullElse(a.minReplicas(), defaults.hpaMinReplicas()), percent);
      int max = Math.max(min, scale(Objects.requireNonNullElse(a.maxReplicas(), defaults.hpaMaxReplicas()), percent));
      autoscaling = new WorkloadScaling.Autoscaling(min, max, a.targetCPUUtilizationPercentage(), a.targetMemoryUtilizationPercentage());
    }
    Health health = spec.health() == null ? new Health(null, null, null) : spec.health();
    Rollout rollout = spec.rollout() == null ? new Rollout(null, null) : spec.rollout();
    boolean policies = platformSpec == null || platformSpec.security() == null
        || platformSpec.security().networkPolicy() != SecuritySpec.NetworkPolicyMode.None;
    var kafka = PlatformKafkas.of(platformSpec, cluster.overrides());
    boolean usesKafka = spec.uses() != null && spec.uses().kafka() != null && kafka != null;

    Integer replicas = autoscaling == null ? scale(Objects.requireNonNullElse(spec.replicas(), defaults.serviceReplicas()), percent) : null;
    return new WorkloadModel(
        new WorkloadIdentity(
            WorkloadKind.Service,
            service.getMetadata().getName(),
            service.getMetadata().getNamespace(),
            platform.getMetadata().getName(),
            profile,
            cluster.name(),
            Ownership.controlledBy(service, cluster)),
        new WorkloadPods(
            spec.image(),
            spec.ports(),
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
            TERMINATION_GRACE_SECONDS,
            defaults.highAvailability(),
            tls.map(CertificateSecrets::checksum).orElse(null)),
        new WorkloadExposure(
            spec.config() == null ? null : new TreeMap<>(spec.config()),
            spec.expose(),
            cluster.ingressClassName(),
            settings.ingressControllerNamespace(),
            spec.allowFrom(),
            WorkloadExposure.monitoringNamespace(platform)),
        new WorkloadDataAccess(
            usesKafka ? WorkloadBinding.brokerPorts(kafka.bootstrapServers()) : List.of(),
            spec.uses() != null && spec.uses().redis() != null,
            spec.uses() != null && spec.uses().mongodb() != null,
            policies,
            WorkloadBinding.entries(WorkloadKind.Service, service.getMetadata().getName(), spec.uses(), TopicDeclaration.of(service), null,
                platform, cluster, settings, credentials),
            usesKafka && kafka.authSecretRef() != null ? kafka.authSecretRef().name() : null),
        new WorkloadScaling(
            replicas,
            autoscaling != null ? autoscaling.minReplicas() : replicas,
            autoscaling == null ? null : handoverReplicas(autoscaling, live),
            autoscaling));
  }

  /**
   * What to hand to the autoscaler: the range's minimum for a new Deployment; the live count
   * (within the range) while Keelson's own applied configuration still holds {@code replicas}
   * (autoscaling was just switched on); nothing once Keelson no longer owns it.
   */
  static Integer handoverReplicas(WorkloadScaling.Autoscaling autoscaling, Optional<Deployment> live) {
    if (live.isEmpty()) return autoscaling.minReplicas();
    if (!FieldOwnership.keelsonOwns(live.get(), "spec", "replicas")) return null;
    int current = Objects.requireNonNullElse(live.get().getSpec().getReplicas(), autoscaling.minReplicas());
    return Math.max(autoscaling.minReplicas(), Math.min(autoscaling.maxReplicas(), current));
  }

  private static int scale(int replicas, Integer percent) {
    if (percent == null || replicas == 0) return replicas;
    return Math.max(1, (int) Math.ceil(replicas * percent / 100.0));
  }
}
