package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** At most one Sentinel down at a time, so that two of three still agree on a failover. */
public class RedisSentinelPodDisruptionBudgetDependent extends RedisDependent<PodDisruptionBudget> {

  @Override
  public Class<PodDisruptionBudget> resourceType() {
    return PodDisruptionBudget.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.sentinelName();
  }

  @Override
  public boolean wanted(RedisModel model) {
    return model.enabled() && model.sentinel();
  }

  @Override
  public PodDisruptionBudget desired(RedisModel model) {
    return RedisPodDisruptionBudgetDependent.budget(model, model.sentinelName());
  }
}
