package dev.keelson.operator.workload;

import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a workload's pods may talk to, on top of the Platform's default-deny policy. Ingress: from
 * the Services in {@code allowFrom} and, when exposed, from the ingress controller, on the
 * Service's ports; from the Platform's monitoring namespace on the first port (health and
 * {@code /q/metrics}), Services and WorkerPools alike. Egress: DNS; the Platform's Services (a call is let in or not by the callee's
 * own allowFrom); Redis and MongoDB pods only when the Service declares them in uses; the Kafka
 * brokers' ports when it uses Kafka.
 */
public class WorkloadNetworkPolicyDependent extends WorkloadDependent<NetworkPolicy> {
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public Class<NetworkPolicy> resourceType() {
    return NetworkPolicy.class;
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return model.dataAccess().networkPolicies();
  }

  @Override
  public NetworkPolicy desired(WorkloadModel model) {
    return new NetworkPolicyBuilder()
        .withMetadata(metadata(model))
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(model.identity().selectorLabels()).endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress(model))
        .withEgress(egress(model))
        .endSpec()
        .build();
  }

  private static List<NetworkPolicyIngressRule> ingress(WorkloadModel model) {
    var ports = model.pods().ports().stream()
        .map(p -> port(p.protocol() == null ? "TCP" : p.protocol().name(), new IntOrString(p.port())))
        .toList();
    var rules = new ArrayList<NetworkPolicyIngressRule>();
    if (!model.exposure().allowFrom().isEmpty()) {
      rules.add(new NetworkPolicyIngressRuleBuilder()
          .withFrom(model.exposure().allowFrom().stream().map(caller -> new NetworkPolicyPeerBuilder()
              .withNewPodSelector()
              .withMatchLabels(new TreeMap<>(Map.of(KeelsonLabels.NAME, caller, KeelsonLabels.PART_OF, model.identity().platform())))
              .endPodSelector()
              .build()).toList())
          .withPorts(ports)
          .build());
    }
    if (model.exposure().expose() != null) {
      rules.add(new NetworkPolicyIngressRuleBuilder()
          .withFrom(new NetworkPolicyPeerBuilder()
              .withNewNamespaceSelector()
              .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, model.exposure().ingressControllerNamespace()))
              .endNamespaceSelector()
              .build())
          .withPorts(ports)
          .build());
    }
    if (model.exposure().monitoringNamespace() != null && !ports.isEmpty()) {
      rules.add(new NetworkPolicyIngressRuleBuilder()
          .withFrom(new NetworkPolicyPeerBuilder()
              .withNewNamespaceSelector()
              .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, model.exposure().monitoringNamespace()))
              .endNamespaceSelector()
              .build())
          .withPorts(ports.get(0))
          .build());
    }
    return rules;
  }

  private static List<NetworkPolicyEgressRule> egress(WorkloadModel model) {
    var rules = new ArrayList<NetworkPolicyEgressRule>();
    rules.add(new NetworkPolicyEgressRuleBuilder()
        .withTo(new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector().withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, "kube-system")).endNamespaceSelector()
            .withNewPodSelector().withMatchLabels(Map.of("k8s-app", "kube-dns")).endPodSelector()
            .build())
        .withPorts(port("UDP", new IntOrString(53)), port("TCP", new IntOrString(53)))
        .build());
    var peers = new ArrayList<NetworkPolicyPeer>();
    peers.add(platformPods(model, KeelsonLabels.COMPONENT_SERVICE));
    if (model.dataAccess().usesRedis()) peers.add(platformPods(model, KeelsonLabels.COMPONENT_REDIS));
    if (model.dataAccess().usesMongoDb()) peers.add(platformPods(model, KeelsonLabels.COMPONENT_MONGODB));
    rules.add(new NetworkPolicyEgressRuleBuilder().withTo(peers).build());
    if (!model.dataAccess().kafkaPorts().isEmpty()) {
      rules.add(new NetworkPolicyEgressRuleBuilder()
          .withPorts(model.dataAccess().kafkaPorts().stream().map(p -> port("TCP", new IntOrString(p))).toList())
          .build());
    }
    return rules;
  }

  private static NetworkPolicyPeer platformPods(WorkloadModel model, String component) {
    return new NetworkPolicyPeerBuilder()
        .withNewPodSelector()
        .withMatchLabels(new TreeMap<>(Map.of(KeelsonLabels.PART_OF, model.identity().platform(), KeelsonLabels.COMPONENT, component)))
        .endPodSelector()
        .build();
  }

  private static NetworkPolicyPort port(String protocol, IntOrString port) {
    return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(port).build();
  }
}
