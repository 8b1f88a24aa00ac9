package dev.keelson.operator.mongodb;

import dev.keelson.operator.dataservice.DataServiceNetworkPolicy;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/** Who may reach MongoDB: workloads declaring uses.mongodb, the members themselves and the operator. */
public class MongoNetworkPolicyDependent extends MongoDependent<NetworkPolicy> {
  /** Pod label of a workload that declares uses.mongodb. */
  public static final String USES_MONGODB_LABEL = "keelson.dev/uses-mongodb";

  @Override
  public Class<NetworkPolicy> resourceType() {
    return NetworkPolicy.class;
  }

  @Override
  public boolean wanted(MongoModel model) {
    return model.enabled() && model.settings().networkPolicies();
  }

  @Override
  public NetworkPolicy desired(MongoModel model) {
    return DataServiceNetworkPolicy.of(model.metadata(model.name()), model.platform(), KeelsonLabels.COMPONENT_MONGODB,
        USES_MONGODB_LABEL, model.settings().operatorNamespace(), List.of(MongoModel.PORT));
  }
}
