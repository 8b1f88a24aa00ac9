package dev.keelson.operator.mongodb;

import dev.keelson.operator.dataservice.DataServiceObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;

/**
 * The replica set's members: a StatefulSet with stable identities and a volume each (kept unless
 * deletionPolicy is Delete). Members authenticate to each other with the keyfile; the image creates
 * the administrator from the admin Secret on a member's first start. Keelson initiates and
 * reconfigures the replica set itself ({@link MongoReplicaSet}).
 */
public class MongoStatefulSetDependent extends MongoDependent<StatefulSet> {
  static final long MONGODB_UID = 999;
  static final String KEYFILE = "/keyfile/keyfile";
  /** The certificate and its key in one file, as mongod wants them; beside the keyfile, in memory. */
  static final String SERVER_PEM = "/keyfile/server.pem";
  static final String TLS_CHECKSUM = "keelson.dev/tls-checksum";

  @Override
  public Class<StatefulSet> resourceType() {
    return StatefulSet.class;
  }

  @Override
  public StatefulSet desired(MongoModel model) {
    String retention = DataServiceObjects.claimRetention(model.settings().deletionPolicy());
    return new StatefulSetBuilder()
        .withMetadata(model.metadata(model.name()))
        .withNewSpec()
        .withReplicas(model.pods())
        .withServiceName(model.name())
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(model.selector()).endSelector()
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted(retention).withWhenScaled(retention)
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata().withLabels(model.labels())
        .withAnnotations(model.tls() ? java.util.Map.of(TLS_CHECKSUM, model.tlsChecksum()) : null).endMetadata()
        .withSpec(podSpec(model))
        .endTemplate()
        .withVolumeClaimTemplates(DataServiceObjects.dataClaim(model.labels(), model.settings().storageClassName(), model.storage()))
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(MongoModel model) {
    var builder = new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true).withRunAsUser(MONGODB_UID).withRunAsGroup(MONGODB_UID).withFsGroup(MONGODB_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        // mongod refuses a keyfile others may read; a Secret volume cannot give the file to its user alone.
        .withInitContainers(new ContainerBuilder()
            .withName("keyfile")
            .withImage("mongo:" + model.version())
            .withCommand("/bin/sh", "-c", "cp /keyfile-secret/keyfile " + KEYFILE + " && chmod 0400 " + KEYFILE
                + (model.tls() ? " && cat /tls/tls.crt /tls/tls.key > " + SERVER_PEM + " && chmod 0400 " + SERVER_PEM : ""))
            .withSecurityContext(restricted())
            .withVolumeMounts(tlsMount(model, List.of(
                new VolumeMountBuilder().withName("keyfile-secret").withMountPath("/keyfile-secret").withReadOnly(true).build(),
                new VolumeMountBuilder().withName("keyfile").withMountPath("/keyfile").build())))
            .build())
        .withContainers(mongod(model))
        .withVolumes(
            new VolumeBuilder().withName("keyfile-secret").withNewSecret().withSecretName(model.keyfileSecretName())
                .withDefaultMode(0400).endSecret().build(),
            new VolumeBuilder().withName("keyfile").withNewEmptyDir().withMedium("Memory").endEmptyDir().build(),
            new VolumeBuilder().withName("configdb").withNewEmptyDir().endEmptyDir().build(),
            new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    if (model.tls()) {
      builder.addNewVolume().withName("tls").withNewSecret().withSecretName(model.tlsSecretName()).withDefaultMode(0440).endSecret().endVolume();
    }
    if (model.settings().highAvailability()) builder.withAffinity(DataServiceObjects.spreadOverHosts(model.selector()));
    return builder.build();
  }

  private static Container mongod(MongoModel model) {
    return new ContainerBuilder()
        .withName("mongod")
        .withImage("mongo:" + model.version())
        .withArgs(args(model))
        .withEnv(
            new EnvVarBuilder().withName("MONGO_INITDB_ROOT_USERNAME").withValue(MongoModel.ADMIN_USER).build(),
            new EnvVarBuilder().withName("MONGO_INITDB_ROOT_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                .withName(model.adminSecretName()).withKey(MongoSecrets.PASSWORD_KEY).endSecretKeyRef().endValueFrom().build())
        .addNewPort().withName("mongodb").withContainerPort(MongoModel.PORT).endPort()
        .withResources(new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("512Mi"))
            .addToLimits("memory", new Quantity("2Gi")).build())
        .withReadinessProbe(new ProbeBuilder().withNewTcpSocket().withNewPort(MongoModel.PORT).endTcpSocket()
            .withInitialDelaySeconds(5).withPeriodSeconds(10).build())
        .withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withNewPort(MongoModel.PORT).endTcpSocket()
            .withInitialDelaySeconds(30).withPeriodSeconds(10).withFailureThreshold(6).build())
        .withSecurityContext(restricted())
        .withVolumeMounts(tlsMount(model, List.of(
            new VolumeMountBuilder().withName("data").withMountPath("/data/db").build(),
            new VolumeMountBuilder().withName("configdb").withMountPath("/data/configdb").build(),
            new VolumeMountBuilder().withName("keyfile").withMountPath("/keyfile").withReadOnly(true).build(),
            new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())))
        .build();
  }

  /** mongod's arguments: a replica set member with keyfile authentication, and only TLS when the Platform runs a CA. */
  private static List<String> args(MongoModel model) {
    var args = new java.util.ArrayList<>(List.of("mongod", "--replSet", model.replicaSetName(), "--bind_ip_all", "--keyFile", KEYFILE,
        "--dbpath", "/data/db"));
    // Clients (Keelson, the workloads) authenticate with passwords, not certificates.
    if (model.tls()) {
      args.addAll(List.of("--tlsMode", "requireTLS", "--tlsCertificateKeyFile", SERVER_PEM, "--tlsCAFile", "/tls/ca.crt",
          "--tlsAllowConnectionsWithoutCertificates"));
    }
    return args;
  }

  private static List<io.fabric8.kubernetes.api.model.VolumeMount> tlsMount(MongoModel model, List<io.fabric8.kubernetes.api.model.VolumeMount> mounts) {
    if (!model.tls()) return mounts;
    var all = new java.util.ArrayList<>(mounts);
    all.add(new VolumeMountBuilder().withName("tls").withMountPath("/tls").withReadOnly(true).build());
    return all;
  }

  private static SecurityContext restricted() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
        .withNewCapabilities().withDrop(List.of("ALL")).endCapabilities()
        .build();
  }
}
