package dev.keelson.operator.cluster;

import dev.keelson.operator.api.v1alpha1.ClusterOverrides;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * A cluster a Platform runs on, with the client that reaches it. Every reconcile writes through
 * one of these, the operator's own cluster included, so that more clusters need no new code path.
 *
 * @param connection the connection whose informer caches hold this cluster's objects: every
 *     in-cluster target, whatever the Platform calls it, shares the operator's own ({@value #LOCAL});
 *     a remote one is named by its kubeconfig (and changes with it)
 */
public record TargetCluster(String name, Map<String, String> labels, ClusterOverrides overrides, KubernetesClient client, boolean local,
    String connection) {

  /** Name of the implicit target when a Platform lists no clusters: the operator's own cluster. */
  public static final String LOCAL = "local";

  public TargetCluster {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A cluster whose connection is the operator's own when {@code local}, else named after the cluster. */
  public TargetCluster(String name, Map<String, String> labels, ClusterOverrides overrides, KubernetesClient client, boolean local) {
    this(name, labels, overrides, client, local, local ? LOCAL : name);
  }

  public String ingressClassName() {
    return overrides == null ? null : overrides.ingressClassName();
  }
}
