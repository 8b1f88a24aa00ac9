package dev.keelson.operator.platform;

import dev.keelson.operator.reconcile.KubernetesDependent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * The Platform namespace's default-deny NetworkPolicy: no pod receives or sends anything that a
 * workload's own policy does not allow.
 */
public class PlatformNetworkPolicyDependent implements KubernetesDependent<PlatformModel, NetworkPolicy> {
  public static final String NAME = "keelson-default-deny";

  @Override
  public Class<NetworkPolicy> resourceType() {
    return NetworkPolicy.class;
  }

  @Override
  public String name(PlatformModel model) {
    return NAME;
  }

  @Override
  public boolean wanted(PlatformModel model) {
    return model.defaultDeny();
  }

  @Override
  public NetworkPolicy desired(PlatformModel model) {
    return new NetworkPolicyBuilder()
        .withMetadata(model.metadata(NAME))
        .withNewSpec()
        .withNewPodSelector().endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }
}
