package dev.keelson.operator.redis;

import dev.keelson.operator.dataservice.DataServiceNetworkPolicy;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * Who may reach Redis and its Sentinels: workloads of the Platform that declare {@code uses.redis}
 * (their pods carry {@link #USES_REDIS_LABEL}), the Redis pods themselves (replication, Sentinels)
 * and the operator, which manages the ACL users.
 */
public class RedisNetworkPolicyDependent extends RedisDependent<NetworkPolicy> {
  /** Pod label of a workload that declares uses.redis. */
  public static final String USES_REDIS_LABEL = "keelson.dev/uses-redis";

  @Override
  public Class<NetworkPolicy> resourceType() {
    return NetworkPolicy.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.name();
  }

  @Override
  public boolean wanted(RedisModel model) {
    return model.enabled() && model.settings().networkPolicies();
  }

  @Override
  public NetworkPolicy desired(RedisModel model) {
    return DataServiceNetworkPolicy.of(model.metadata(model.name()), model.platform(), KeelsonLabels.COMPONENT_REDIS,
        USES_REDIS_LABEL, model.settings().operatorNamespace(), List.of(RedisModel.PORT, RedisModel.SENTINEL_PORT));
  }
}
