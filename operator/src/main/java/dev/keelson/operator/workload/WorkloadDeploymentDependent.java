package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.ServiceSpec.ServicePort;
import dev.keelson.operator.reconcile.Checksums;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import dev.keelson.operator.binding.BindingEntries;
import dev.keelson.operator.mongodb.MongoNetworkPolicyDependent;
import dev.keelson.operator.redis.RedisAuth;
import dev.keelson.operator.redis.RedisNetworkPolicyDependent;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Deployment running a workload's pods: Pod Security "restricted", probes on the health
 * paths, the rolling-update settings, a checksum of its configuration on the pod template,
 * topology spread and anti-affinity on prod, and no {@code replicas} when the HPA owns them.
 */
public class WorkloadDeploymentDependent extends WorkloadDependent<Deployment> {
  /**
   * The group the pod's volumes belong to, which the kubelet adds to the container's process: the
   * bindings and certificates are mode 0440, so the image's user, whatever its own groups, reads
   * them, and no other user does. (Without it only an image whose user is in group 0 could read
   * them: found on a real node, where keelson.test/redis-client's user 65532 was refused.)
   */
  static final long CREDENTIALS_GROUP = 10001;

  public static final String CONTAINER = "app";
  public static final String CONFIG_CHECKSUM = "keelson.dev/config-checksum";
  public static final String BINDING_CHECKSUM = "keelson.dev/binding-checksum";
  public static final String TLS_CHECKSUM = "keelson.dev/tls-checksum";
  public static final String TLS_DIR = "/tls";
  static final String BINDING_ROOT_ENV = "SERVICE_BINDING_ROOT";
  private static final String BINDING_VOLUME_PREFIX = "binding-";
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String HOST = "kubernetes.io/hostname";

  @Override
  public Class<Deployment> resourceType() {
    return Deployment.class;
  }

  @Override
  public Deployment desired(WorkloadModel model) {
    return new DeploymentBuilder()
        .withMetadata(metadata(model))
        .withNewSpec()
        .withReplicas(model.scaling().replicas())
        .withNewSelector().withMatchLabels(model.identity().selectorLabels()).endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(model.pods().rollout().maxSurge())
        .withMaxUnavailable(model.pods().rollout().maxUnavailable())
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata().withLabels(podLabels(model)).withAnnotations(podAnnotations(model)).endMetadata()
        .withSpec(podSpec(model))
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The workload's labels, and those that admit its pods to the data services it declares. */
  private static Map<String, String> podLabels(WorkloadModel model) {
    var labels = new TreeMap<>(model.identity().labels());
    if (model.dataAccess().usesRedis()) labels.put(RedisNetworkPolicyDependent.USES_REDIS_LABEL, "true");
    if (model.dataAccess().usesMongoDb()) labels.put(MongoNetworkPolicyDependent.USES_MONGODB_LABEL, "true");
    return labels;
  }

  private static Map<String, String> podAnnotations(WorkloadModel model) {
    var annotations = new TreeMap<String, String>();
    if (!model.exposure().config().isEmpty()) annotations.put(CONFIG_CHECKSUM, Checksums.of(model.exposure().config()));
    if (!model.dataAccess().binding().isEmpty()) annotations.put(BINDING_CHECKSUM, Checksums.of(model.dataAccess().binding()));
    if (model.pods().tlsChecksum() != null) annotations.put(TLS_CHECKSUM, model.pods().tlsChecksum());
    return annotations.isEmpty() ? null : annotations;
  }

  private static PodSpec podSpec(WorkloadModel model) {
    var volumes = new ArrayList<Volume>();
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    if (!model.exposure().config().isEmpty()) {
      volumes.add(new VolumeBuilder().withName("config").withNewConfigMap().withName(model.identity().configMapName()).endConfigMap()
          .build());
    }
    if (!model.dataAccess().binding().isEmpty()) volumes.addAll(bindingVolumes(model));
    if (model.pods().tlsChecksum() != null) {
      volumes.add(new VolumeBuilder().withName("tls").withNewSecret().withSecretName(model.identity().tlsSecretName()).withDefaultMode(0440)
          .endSecret().build());
    }
    return new PodSpecBuilder()
        .withServiceAccountName(model.identity().name())
        .withAutomountServiceAccountToken(model.pods().automountServiceAccountToken())
        .withTerminationGracePeriodSeconds(model.pods().terminationGraceSeconds())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withFsGroup(CREDENTIALS_GROUP)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(model))
        .withVolumes(volumes)
        .withTopologySpreadConstraints(model.pods().highAvailability() ? spread(model) : List.of())
        .withAffinity(model.pods().highAvailability() ? antiAffinity(model) : null)
        .build();
  }

  /**
   * The binding Secret's entries as files {@code /bindings/<service>/<entry>}, with the Platform's
   * CAs and Kafka auth Secret's keys, where it has them, beside a binding's own: one projected
   * volume per binding, mounted at {@code /bindings/<service>}. The binding root then holds the
   * binding directories and nothing else; a single volume at {@code /bindings} would put the
   * kubelet's {@code ..data} entries beside them, which quarkus-kubernetes-service-binding and
   * Spring Cloud Bindings take for bindings without a type (the former refuses to start).
   */
  private static List<Volume> bindingVolumes(WorkloadModel model) {
    var volumes = new TreeMap<String, List<VolumeProjection>>();
    project(volumes, model.identity().bindingSecretName(), false, model.dataAccess().binding().keySet().stream()
        .map(key -> new KeyToPathBuilder().withKey(key).withPath(BindingEntries.path(key)).build()).toList());
    // The Platform's CAs, from the workload's own certificate Secret, beside each binding that connects over TLS.
    var tlsBindings = model.pods().tlsChecksum() == null ? List.<String>of() : BindingEntries.tlsBindings(model.dataAccess().binding());
    project(volumes, model.identity().tlsSecretName(), false,
        tlsBindings.stream().map(b -> new KeyToPathBuilder().withKey("ca.crt").withPath(b + "/ca.crt").build()).toList());
    // In sentinel mode, the password of the Sentinels' client user, from the Platform's Redis auth Secret (that key only).
    if (model.dataAccess().binding().containsKey(BindingEntries.key(BindingEntries.REDIS, "sentinel.username"))) {
      project(volumes, RedisAuth.secretName(model.identity().platform()), false, List.of(new KeyToPathBuilder()
          .withKey(RedisAuth.SENTINEL_CLIENT_PASSWORD_KEY).withPath(BindingEntries.REDIS + "/sentinel.password").build()));
    }
    if (model.dataAccess().kafkaAuthSecret() != null) {
      project(volumes, model.dataAccess().kafkaAuthSecret(), true, java.util.stream.Stream.concat(
          BindingEntries.KAFKA_AUTH_KEYS.stream()
              .map(key -> new KeyToPathBuilder().withKey(key).withPath(BindingEntries.KAFKA + "/" + key).build()),
          BindingEntries.KAFKA_AUTH_KEYS.stream().filter(BindingEntries.KAFKA_AUTH_ALIASES::containsKey)
              .map(key -> new KeyToPathBuilder().withKey(key).withPath(BindingEntries.KAFKA + "/" + BindingEntries.KAFKA_AUTH_ALIASES.get(key))
                  .build())).toList());
    }
    return volumes.entrySet().stream().map(e -> new VolumeBuilder().withName(bindingVolume(e.getKey())).withNewProjected()
        .withDefaultMode(0440).withSources(e.getValue()).endProjected().build()).toList();
  }

  /** A Secret's items, {@code <binding>/<file>}, as one source in the volume of each binding they are for. */
  private static void project(Map<String, List<VolumeProjection>> volumes, String secret, boolean optional, List<KeyToPath> items) {
    var byBinding = new TreeMap<String, List<KeyToPath>>();
    for (var item : items) {
      int slash = item.getPath().indexOf('/');
      byBinding.computeIfAbsent(item.getPath().substring(0, slash), b -> new ArrayList<>())
          .add(new KeyToPathBuilder(item).withPath(item.getPath().substring(slash + 1)).build());
    }
    byBinding.forEach((binding, own) -> volumes.computeIfAbsent(binding, b -> new ArrayList<>())
        .add(new VolumeProjectionBuilder().withNewSecret().withName(secret).withOptional(optional ? Boolean.TRUE : null)
            .withItems(own).endSecret().build()));
  }

  private static String bindingVolume(String binding) {
    return BINDING_VOLUME_PREFIX + binding;
  }

  private static Container container(WorkloadModel model) {
    var mounts = new ArrayList<VolumeMount>();
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    if (!model.exposure().config().isEmpty()) {
      mounts.add(new VolumeMountBuilder().withName("config").withMountPath("/config").withReadOnly(true).build());
    }
    if (model.pods().tlsChecksum() != null) {
      mounts.add(new VolumeMountBuilder().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).build());
    }
    var env = new ArrayList<>(model.pods().env());
    if (!model.dataAccess().binding().isEmpty()) {
      for (var volume : bindingVolumes(model)) {
        String binding = volume.getName().substring(BINDING_VOLUME_PREFIX.length());
        mounts.add(new VolumeMountBuilder().withName(volume.getName()).withMountPath(BindingEntries.ROOT + "/" + binding)
            .withReadOnly(true).build());
      }
      if (env.stream().noneMatch(e -> BINDING_ROOT_ENV.equals(e.getName()))) {
        env.add(new EnvVarBuilder().withName(BINDING_ROOT_ENV).withValue(BindingEntries.ROOT).build());
      }
    }
    var builder = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(model.pods().image())
        .withPorts(model.pods().ports().stream().map(WorkloadDeploymentDependent::containerPort).toList())
        .withEnv(env)
        .withResources(model.pods().resources())
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop(List.of("ALL")).endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts);
    if (!model.pods().ports().isEmpty()) {
      var port = model.pods().ports().get(0).name();
      var health = model.pods().health();
      builder
          .withLivenessProbe(httpProbe(health.livenessPath(), port, 3))
          .withReadinessProbe(httpProbe(health.readinessPath(), port, 3))
          .withStartupProbe(httpProbe(health.startupPath() != null ? health.startupPath() : health.livenessPath(), port, 30));
    }
    return builder.build();
  }

  private static List<TopologySpreadConstraint> spread(WorkloadModel model) {
    return List.of(ZONE, HOST).stream()
        .map(key -> new TopologySpreadConstraintBuilder()
            .withTopologyKey(key)
            .withMaxSkew(1)
            .withWhenUnsatisfiable("ScheduleAnyway")
            .withNewLabelSelector().withMatchLabels(model.identity().selectorLabels()).endLabelSelector()
            .build())
        .toList();
  }

  private static Affinity antiAffinity(WorkloadModel model) {
    return new AffinityBuilder()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey(HOST)
        .withNewLabelSelector().withMatchLabels(model.identity().selectorLabels()).endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }

  private static ContainerPort containerPort(ServicePort port) {
    return new ContainerPortBuilder()
        .withName(port.name())
        .withContainerPort(port.port())
        .withProtocol(port.protocol() == null ? "TCP" : port.protocol().name())
        .build();
  }

  private static Probe httpProbe(String path, String port, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
