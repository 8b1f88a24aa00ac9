package dev.keelson.operator.dataservice;

import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
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
 * The NetworkPolicy of a Platform's data service (Redis, MongoDB): its pods receive only from the
 * Platform's workloads that declare they use it (a pod label), from each other (replication) and
 * from the operator's namespace (administration); they send only to each other and to DNS.
 */
public final class DataServiceNetworkPolicy {
  private DataServiceNetworkPolicy() {}

  public static NetworkPolicy of(ObjectMeta metadata, String platform, String component, String usesLabel,
      String operatorNamespace, List<Integer> ports) {
    var servicePods = new TreeMap<>(Map.of(KeelsonLabels.PART_OF, platform, KeelsonLabels.COMPONENT, component));
    var tcp = ports.stream().map(p -> port("TCP", p)).toList();
    return new NetworkPolicyBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(servicePods).endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withFrom(
            pods(new TreeMap<>(Map.of(KeelsonLabels.PART_OF, platform, usesLabel, "true"))),
            pods(servicePods),
            new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .withMatchLabels(Map.of("kubernetes.io/metadata.name", operatorNamespace)).endNamespaceSelector().build())
        .withPorts(tcp)
        .endIngress()
        .addNewEgress().withTo(pods(servicePods)).withPorts(tcp).endEgress()
        .addNewEgress()
        .addNewTo().withNewNamespaceSelector().withMatchLabels(Map.of("kubernetes.io/metadata.name", "kube-system"))
        .endNamespaceSelector().withNewPodSelector().withMatchLabels(Map.of("k8s-app", "kube-dns")).endPodSelector().endTo()
        .withPorts(port("UDP", 53), port("TCP", 53))
        .endEgress()
        .endSpec()
        .build();
  }

  private static NetworkPolicyPeer pods(Map<String, String> labels) {
    return new NetworkPolicyPeerBuilder().withNewPodSelector().withMatchLabels(labels).endPodSelector().build();
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
  }
}
