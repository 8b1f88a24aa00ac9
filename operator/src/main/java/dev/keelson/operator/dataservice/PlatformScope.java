package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import java.time.Instant;
import java.util.List;

/**
 * What a data service works with across the clusters in one reconcile of its Platform.
 *
 * @param platforms every Platform the operator watches, this one included (their claims on a shared server compete)
 */
public record PlatformScope(Platform platform, List<Platform> platforms, Workloads workloads, Instant now) {
  public PlatformScope {
    platforms = List.copyOf(platforms);
  }

  /** The Platform's workloads, as its data services read them. */
  public interface Workloads {
    /**
     * The workloads that may run on the Platform (those naming it and those naming none) and are
     * placed on at least one of these clusters.
     */
    Placed placedOn(List<String> clusters);
  }

  public record Placed(List<KeelsonService> services, List<WorkerPool> workerPools) {}
}
