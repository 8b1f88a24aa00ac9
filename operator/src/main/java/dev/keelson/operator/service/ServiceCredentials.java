package dev.keelson.operator.service;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.redis.RedisModel;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.Optional;

/** The generated credentials of a Service: a password for each data service that needs one. */
final class ServiceCredentials {
  private ServiceCredentials() {}

  /** The Service's credentials Secret on that cluster, created or rotated as needed; empty when it needs no password. */
  static Optional<Secret> ensure(Context<KeelsonService> context, TargetCluster cluster, KeelsonService service, Platform platform,
      KeelsonSettings settings) {
    var keys = new ArrayList<String>();
    var uses = service.getSpec().uses();
    if (uses != null && uses.redis() != null && RedisModel.resolve(platform, cluster, settings.operatorNamespace()).enabled()) {
      keys.add(Credentials.REDIS_PASSWORD);
    }
    if (uses != null && uses.mongodb() != null && platform.getSpec().mongodb() != null) keys.add(Credentials.MONGODB_PASSWORD);
    if (keys.isEmpty()) return Optional.empty();
    String name = service.getMetadata().getName();
    var labels = dev.keelson.operator.reconcile.KeelsonLabels.owned(ServiceModel.KIND, name, ServiceModel.COMPONENT,
        platform.getMetadata().getName());
    var metadata = new ObjectMetaBuilder()
        .withName(Credentials.secretName(name))
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(dev.keelson.operator.reconcile.Ownership.controlledBy(service, cluster))
        .build();
    var annotations = service.getMetadata().getAnnotations();
    String rotation = annotations == null ? null : annotations.get(Credentials.ROTATE_ANNOTATION);
    return Optional.of(Credentials.ensure(context, cluster, Credentials.metadata(metadata), keys, rotation));
  }

  /** The binding Secret's name when the Service has one: it uses a data service its Platform provides. */
  static String bindingSecretName(KeelsonService service, Platform platform) {
    var uses = service.getSpec().uses();
    var spec = platform.getSpec();
    if (uses == null || spec == null) return null;
    boolean kafka = uses.kafka() != null && spec.kafka() != null;
    boolean redis = uses.redis() != null && spec.redis() != null;
    boolean mongodb = uses.mongodb() != null && spec.mongodb() != null;
    return kafka || redis || mongodb ? service.getMetadata().getName() + "-binding" : null;
  }
}
