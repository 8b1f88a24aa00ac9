package dev.keelson.operator.redis;

import dev.keelson.operator.dataservice.DataServiceObjects;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/**
 * The Redis instances: a StatefulSet with a volume each, kept when the StatefulSet is deleted or
 * scaled down unless the Platform's deletionPolicy is Delete.
 */
public class RedisStatefulSetDependent extends RedisDependent<StatefulSet> {

  @Override
  public Class<StatefulSet> resourceType() {
    return StatefulSet.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.name();
  }

  @Override
  public StatefulSet desired(RedisModel model) {
    String retention = DataServiceObjects.claimRetention(model.settings().deletionPolicy());
    return new StatefulSetBuilder()
        .withMetadata(model.metadata(model.name()))
        .withNewSpec()
        .withReplicas(model.replicas())
        .withServiceName(model.headlessName())
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(model.selector(model.name())).endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted(retention).withWhenScaled(retention)
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata().withLabels(model.labels(model.name())).withAnnotations(RedisPods.annotations(model, RedisConfigMapDependent.REDIS_SCRIPT)).endMetadata()
        .withSpec(RedisPods.podSpec(model, RedisConfigMapDependent.REDIS_SCRIPT, RedisModel.PORT, true, model.name()))
        .endTemplate()
        .withVolumeClaimTemplates(DataServiceObjects.dataClaim(model.labels(model.name()), model.settings().storageClassName(), model.storage()))
        .endSpec()
        .build();
  }
}
