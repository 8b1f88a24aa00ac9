package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/** Three Sentinels watching the Redis master and failing over to a replica; only in sentinel mode. */
public class RedisSentinelStatefulSetDependent extends RedisSentinelDependent<StatefulSet> {

  @Override
  public Class<StatefulSet> resourceType() {
    return StatefulSet.class;
  }

  @Override
  public StatefulSet desired(RedisModel model) {
    return new StatefulSetBuilder()
        .withMetadata(model.metadata(model.sentinelName()))
        .withNewSpec()
        .withReplicas(RedisModel.SENTINELS)
        .withServiceName(model.sentinelName())
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(model.selector(model.sentinelName())).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(model.labels(model.sentinelName())).withAnnotations(RedisPods.annotations(model, RedisConfigMapDependent.SENTINEL_SCRIPT)).endMetadata()
        .withSpec(RedisPods.podSpec(model, RedisConfigMapDependent.SENTINEL_SCRIPT, RedisModel.SENTINEL_PORT, false, model.sentinelName()))
        .endTemplate()
        .endSpec()
        .build();
  }
}
