package dev.keelson.operator.workload;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.redis.RedisModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Optional;

/** The generated credentials of a workload: a password for each data service it uses that needs one. */
public final class WorkloadCredentials {
  private WorkloadCredentials() {}

  /** The workload's credentials Secret on that cluster, created or rotated as needed; empty when it needs no password. */
  public static Optional<Secret> ensure(Context<?> context, TargetCluster cluster, HasMetadata workload, WorkloadKind kind, Uses uses,
      Platform platform, KeelsonSettings settings) {
    var keys = new ArrayList<String>();
    if (uses != null && uses.redis() != null && RedisModel.resolve(platform, cluster, settings.operatorNamespace()).enabled()) {
      keys.add(Credentials.REDIS_PASSWORD);
    }
    if (uses != null && uses.mongodb() != null && platform.getSpec().mongodb() != null) keys.add(Credentials.MONGODB_PASSWORD);
    if (keys.isEmpty()) return Optional.empty();
    String name = workload.getMetadata().getName();
    var labels = dev.keelson.operator.reconcile.KeelsonLabels.owned(kind.name(), name, kind.component(), platform.getMetadata().getName());
    var metadata = new ObjectMetaBuilder()
        .withName(Credentials.secretName(name))
        .withNamespace(workload.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(dev.keelson.operator.reconcile.Ownership.controlledBy(workload, cluster))
        .build();
    var annotations = workload.getMetadata().getAnnotations();
    String rotation = annotations == null ? null : annotations.get(Credentials.ROTATE_ANNOTATION);
    var binding = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .get(new ResourceID(name + "-binding", workload.getMetadata().getNamespace()));
    return Optional.of(Credentials.ensure(context, cluster, Credentials.metadata(metadata), keys, rotation, binding));
  }

  /** The binding Secret's name when the workload has one: it uses a data service its Platform provides. */
  public static String bindingSecretName(String name, Uses uses, Platform platform) {
    var spec = platform.getSpec();
    if (uses == null || spec == null) return null;
    boolean kafka = uses.kafka() != null && PlatformKafkas.any(spec);
    boolean redis = uses.redis() != null && spec.redis() != null;
    boolean mongodb = uses.mongodb() != null && spec.mongodb() != null;
    return kafka || redis || mongodb ? name + "-binding" : null;
  }
}
