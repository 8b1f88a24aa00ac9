package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.List;

/**
 * What a data service works with on one target cluster in one reconcile of its Platform.
 *
 * @param consumers the workloads that may use it there, each with only the uses the Platform
 *     grants it, and their credentials on that cluster
 */
public record ClusterScope(Platform platform, Context<Platform> context, TargetCluster cluster, List<DataConsumer> consumers,
    Instant now) {
  public ClusterScope {
    consumers = List.copyOf(consumers);
  }
}
