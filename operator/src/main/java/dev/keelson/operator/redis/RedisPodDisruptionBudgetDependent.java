package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** At most one Redis instance down at a time for voluntary disruptions; not for a single instance, which it would pin. */
public class RedisPodDisruptionBudgetDependent extends RedisDependent<PodDisruptionBudget> {

  @Override
  public Class<PodDisruptionBudget> resourceType() {
    return PodDisruptionBudget.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.name();
  }

  @Override
  public boolean wanted(RedisModel model) {
    return model.enabled() && model.replicas() > 1;
  }

  @Override
  public PodDisruptionBudget desired(RedisModel model) {
    return budget(model, model.name());
  }

  static PodDisruptionBudget budget(RedisModel model, String workload) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(model.metadata(workload))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(model.selector(workload)).endSelector()
        .endSpec()
        .build();
  }
}
