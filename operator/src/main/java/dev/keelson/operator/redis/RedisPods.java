package dev.keelson.operator.redis;

import dev.keelson.operator.reconcile.Checksums;
import dev.keelson.operator.dataservice.DataServiceObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pod of a Redis instance or a Sentinel: Pod Security "restricted", the password from the auth Secret. */
final class RedisPods {
  static final long REDIS_UID = 999;
  static final String DATA = "data";
  static final String TLS_CHECKSUM = "keelson.dev/tls-checksum";
  static final String CONFIG_CHECKSUM = "keelson.dev/config-checksum";
  /** A Sentinel only watches: a few MiB. */
  static final ResourceRequirements SENTINEL_RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("32Mi"))
      .addToLimits("memory", new Quantity("64Mi")).build();
  static final ResourceRequirements REDIS_RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi"))
      .addToLimits("memory", new Quantity("1Gi")).build();

  private RedisPods() {}

  static PodSpec podSpec(RedisModel model, String script, int port, boolean dataIsVolumeClaim, String workload) {
    var volumes = new ArrayList<io.fabric8.kubernetes.api.model.Volume>();
    volumes.add(new VolumeBuilder().withName("scripts").withNewConfigMap().withName(model.configName()).withDefaultMode(0555)
        .endConfigMap().build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    if (!dataIsVolumeClaim) volumes.add(new VolumeBuilder().withName(DATA).withNewEmptyDir().endEmptyDir().build());
    if (model.tls()) {
      volumes.add(new VolumeBuilder().withName("tls").withNewSecret().withSecretName(model.tlsSecretName()).withDefaultMode(0440)
          .endSecret().build());
    }
    var builder = new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true).withRunAsUser(REDIS_UID).withRunAsGroup(REDIS_UID).withFsGroup(REDIS_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(model, script, port))
        .withVolumes(volumes);
    if (model.settings().highAvailability()) builder.withAffinity(DataServiceObjects.spreadOverHosts(model.selector(workload)));
    return builder.build();
  }

  private static Container container(RedisModel model, String script, int port) {
    return new ContainerBuilder()
        .withName(script.startsWith("sentinel") ? "sentinel" : "redis")
        .withImage("redis:" + model.version())
        .withCommand("/bin/sh", "/scripts/" + script)
        .withEnv(env(model, script.startsWith("sentinel")))
        .addNewPort().withName(script.startsWith("sentinel") ? "sentinel" : "redis").withContainerPort(port).endPort()
        .withResources(script.startsWith("sentinel") ? SENTINEL_RESOURCES : REDIS_RESOURCES)
        .withReadinessProbe(probe(port, 5))
        .withLivenessProbe(probe(port, 15))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
        .withNewCapabilities().withDrop(List.of("ALL")).endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts(model))
        .build();
  }

  /** The passwords from the auth Secret; a Sentinel also gets its client user's. */
  private static List<EnvVar> env(RedisModel model, boolean sentinel) {
    var env = new ArrayList<EnvVar>();
    env.add(fromAuthSecret(model, "REDIS_PASSWORD", RedisAuth.PASSWORD_KEY));
    if (sentinel) env.add(fromAuthSecret(model, "SENTINEL_CLIENT_PASSWORD", RedisAuth.SENTINEL_CLIENT_PASSWORD_KEY));
    return env;
  }

  private static EnvVar fromAuthSecret(RedisModel model, String variable, String key) {
    return new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef()
        .withName(model.authSecretName()).withKey(key).endSecretKeyRef().endValueFrom().build();
  }

  private static List<VolumeMount> mounts(RedisModel model) {
    var mounts = new ArrayList<VolumeMount>();
    mounts.add(new VolumeMountBuilder().withName("scripts").withMountPath("/scripts").withReadOnly(true).build());
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    mounts.add(new VolumeMountBuilder().withName(DATA).withMountPath("/data").build());
    if (model.tls()) mounts.add(new VolumeMountBuilder().withName("tls").withMountPath("/tls").withReadOnly(true).build());
    return mounts;
  }

  /**
   * The pod template's annotations: the checksums of the start script and of the certificate, so
   * that a change of either (a new Keelson's script, a renewal) rolls the pods.
   */
  static Map<String, String> annotations(RedisModel model, String script) {
    var annotations = new TreeMap<String, String>();
    annotations.put(CONFIG_CHECKSUM, Checksums.sha256(RedisConfigMapDependent.script(model, script)));
    if (model.tls()) annotations.put(TLS_CHECKSUM, model.tlsChecksum());
    return annotations;
  }

  /** A TCP probe: an exec probe would need the password on the command line. */
  private static Probe probe(int port, int initialDelaySeconds) {
    return new ProbeBuilder().withNewTcpSocket().withNewPort(port).endTcpSocket()
        .withInitialDelaySeconds(initialDelaySeconds).withPeriodSeconds(10).withFailureThreshold(3).build();
  }
}
