package dev.keelson.operator.service;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.ServiceSpec;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Health;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Rollout;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.ServicePort;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a Service's dependents need, resolved once per reconcile and per target cluster:
 * the spec with the Platform's profile defaults filled in. Immutable; the dependents' desired
 * objects are pure functions of it.
 *
 * @param replicas the replica count to apply, or null when an autoscaler owns it
 * @param ownerReferences owner references to the custom resource; empty on a remote cluster
 */
public record ServiceModel(
    String name,
    String namespace,
    String platform,
    Profile profile,
    String cluster,
    String image,
    List<ServicePort> ports,
    Integer replicas,
    ResourceRequirements resources,
    List<EnvVar> env,
    Health health,
    Rollout rollout,
    boolean automountServiceAccountToken,
    boolean highAvailability,
    List<OwnerReference> ownerReferences) {

  public static final String KIND = "Service";
  static final String COMPONENT = "service";

  public ServiceModel {
    ports = ports == null ? List.of() : List.copyOf(ports);
    env = env == null ? List.of() : List.copyOf(env);
    ownerReferences = List.copyOf(ownerReferences);
  }

  /** Resolves {@code service} against its Platform for one target cluster. */
  public static ServiceModel resolve(KeelsonService service, Platform platform, TargetCluster cluster) {
    ServiceSpec spec = service.getSpec();
    Profile profile = platform.getSpec() == null ? Profile.dev : platform.getSpec().profile();
    ProfileDefaults defaults = ProfileDefaults.of(profile);
    Integer replicas = spec.autoscaling() != null ? null : Objects.requireNonNullElse(spec.replicas(), defaults.serviceReplicas());
    if (replicas != null && cluster.overrides() != null && cluster.overrides().replicaPercent() != null) {
      replicas = (int) Math.ceil(replicas * cluster.overrides().replicaPercent() / 100.0);
    }
    List<OwnerReference> owners = cluster.local()
        ? List.of(new OwnerReferenceBuilder()
            .withApiVersion(service.getApiVersion())
            .withKind(service.getKind())
            .withName(service.getMetadata().getName())
            .withUid(service.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        : List.of();
    Health health = spec.health() == null ? new Health(null, null, null) : spec.health();
    Rollout rollout = spec.rollout() == null ? new Rollout(null, null) : spec.rollout();
    return new ServiceModel(
        service.getMetadata().getName(),
        service.getMetadata().getNamespace(),
        platform.getMetadata().getName(),
        profile,
        cluster.name(),
        spec.image(),
        spec.ports(),
        replicas,
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
        owners);
  }

  public Map<String, String> labels() {
    return KeelsonLabels.owned(KIND, name, COMPONENT, platform);
  }

  public Map<String, String> selectorLabels() {
    return KeelsonLabels.selector(name);
  }
}
