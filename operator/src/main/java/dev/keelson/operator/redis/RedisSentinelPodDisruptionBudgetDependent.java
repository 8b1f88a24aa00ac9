package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** At most one Sentinel down at a time, so that two of three still agree on a failover. */
public class RedisSentinelPodDisruptionBudgetDependent extends RedisSentinelDependent<PodDisruptionBudget> {

  @Override
  public Class<PodDisruptionBudget> resourceType() {
    return PodDisruptionBudget.class;
  }

  @Override
  public PodDisruptionBudget desired(RedisModel model) {
    return RedisPodDisruptionBudgetDependent.budget(model, model.sentinelName());
  }
}
