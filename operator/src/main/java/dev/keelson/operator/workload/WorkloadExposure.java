package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Expose;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who may reach the workload's pods, and a Service's configuration: a Service's callers inside the
 * Platform and its Ingress; for both kinds, the Platform's Prometheus. A WorkerPool has only the
 * last ({@link #scrapedFrom}).
 *
 * @param config the entries of the ConfigMap, sorted; empty when the spec has none
 * @param expose the Service's Ingress, or null when it is not exposed
 * @param ingressClassName the target cluster's ingress class, or null for the cluster's default
 * @param ingressControllerNamespace the namespace of the ingress controller, whose pods the
 *     NetworkPolicy admits to an exposed Service
 * @param allowFrom the names of the Platform's workloads whose pods may call the Service
 * @param monitoringNamespace the namespace whose pods may scrape the workload's first port, or null
 */
public record WorkloadExposure(
    SortedMap<String, String> config,
    Expose expose,
    String ingressClassName,
    String ingressControllerNamespace,
    List<String> allowFrom,
    String monitoringNamespace) {

  /** No configuration, no Ingress, no callers, no scraping. */
  public static final WorkloadExposure NONE = new WorkloadExposure(null, null, null, null, null, null);

  /** Only scraped from that namespace (none when null): a WorkerPool's. */
  public static WorkloadExposure scrapedFrom(String monitoringNamespace) {
    return new WorkloadExposure(null, null, null, null, null, monitoringNamespace);
  }

  /** The Platform's spec.security.monitoringNamespace, or null. */
  public static String monitoringNamespace(Platform platform) {
    var security = platform.getSpec() == null ? null : platform.getSpec().security();
    return security == null ? null : security.monitoringNamespace();
  }

  public WorkloadExposure {
    config = config == null ? new TreeMap<>() : new TreeMap<>(config);
    allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
  }
}
