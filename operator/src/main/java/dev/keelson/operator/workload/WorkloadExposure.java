package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.ServiceSpec.Expose;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What only a Service has: its configuration and who may reach it, from inside the Platform and
 * through an Ingress. A WorkerPool has none ({@link #NONE}).
 *
 * @param config the entries of the ConfigMap, sorted; empty when the spec has none
 * @param expose the Service's Ingress, or null when it is not exposed
 * @param ingressClassName the target cluster's ingress class, or null for the cluster's default
 * @param ingressControllerNamespace the namespace of the ingress controller, whose pods the
 *     NetworkPolicy admits to an exposed Service
 * @param allowFrom the names of the Platform's workloads whose pods may call the Service
 */
public record WorkloadExposure(
    SortedMap<String, String> config,
    Expose expose,
    String ingressClassName,
    String ingressControllerNamespace,
    List<String> allowFrom) {

  /** No configuration, no Ingress, no callers: a WorkerPool's. */
  public static final WorkloadExposure NONE = new WorkloadExposure(null, null, null, null, null);

  public WorkloadExposure {
    config = config == null ? new TreeMap<>() : new TreeMap<>(config);
    allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
  }
}
