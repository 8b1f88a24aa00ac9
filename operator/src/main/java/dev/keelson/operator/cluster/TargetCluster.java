package dev.keelson.operator.cluster;

import dev.keelson.operator.api.v1alpha1.ClusterOverrides;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * A cluster a Platform runs on, with the client that reaches it. Every reconcile writes through
 * one of these, the operator's own cluster included, so that more clusters need no new code path.
 */
public record TargetCluster(String name, Map<String, String> labels, ClusterOverrides overrides, KubernetesClient client, boolean local) {

  /** Name of the implicit target when a Platform lists no clusters: the operator's own cluster. */
  public static final String LOCAL = "local";

  public TargetCluster {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * The connection whose informer caches hold this cluster's objects: every in-cluster target,
   * whatever the Platform calls it, shares the operator's own.
   */
  public String connection() {
    return local ? LOCAL : name;
  }

  public String ingressClassName() {
    return overrides == null ? null : overrides.ingressClassName();
  }
}
