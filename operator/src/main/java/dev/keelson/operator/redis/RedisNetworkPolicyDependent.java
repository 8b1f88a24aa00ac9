package dev.keelson.operator.redis;

import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may reach Redis and its Sentinels: workloads of the Platform that declare {@code uses.redis}
 * (their pods carry {@link #USES_REDIS_LABEL}), the Redis pods themselves (replication, Sentinels)
 * and the operator, which manages the ACL users. Redis pods reach only each other and DNS.
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
    return model.enabled() && model.networkPolicies();
  }

  @Override
  public NetworkPolicy desired(RedisModel model) {
    var ports = List.of(port(RedisModel.PORT), port(RedisModel.SENTINEL_PORT));
    return new NetworkPolicyBuilder()
        .withMetadata(model.metadata(model.name()))
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(redisPods(model)).endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withFrom(
            pods(new TreeMap<>(Map.of(KeelsonLabels.PART_OF, model.platform(), USES_REDIS_LABEL, "true"))),
            pods(redisPods(model)),
            new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .withMatchLabels(Map.of("kubernetes.io/metadata.name", model.operatorNamespace())).endNamespaceSelector().build())
        .withPorts(ports)
        .endIngress()
        .addNewEgress().withTo(pods(redisPods(model))).withPorts(ports).endEgress()
        .addNewEgress()
        .addNewTo().withNewNamespaceSelector().withMatchLabels(Map.of("kubernetes.io/metadata.name", "kube-system"))
        .endNamespaceSelector().withNewPodSelector().withMatchLabels(Map.of("k8s-app", "kube-dns")).endPodSelector().endTo()
        .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
            new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
        .endEgress()
        .endSpec()
        .build();
  }

  private static Map<String, String> redisPods(RedisModel model) {
    return new TreeMap<>(Map.of(KeelsonLabels.PART_OF, model.platform(), KeelsonLabels.COMPONENT, KeelsonLabels.COMPONENT_REDIS));
  }

  private static NetworkPolicyPeer pods(Map<String, String> labels) {
    return new NetworkPolicyPeerBuilder().withNewPodSelector().withMatchLabels(labels).endPodSelector().build();
  }

  private static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
  }
}
