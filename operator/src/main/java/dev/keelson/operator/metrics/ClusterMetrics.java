package dev.keelson.operator.metrics;

import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.RemoteClusters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each remote cluster connection as its background probe finds it ({@code /readyz} of its API
 * server, every probe interval): {@code keelson_cluster_connection_up} and the probe's duration.
 * A connection is named by the kubeconfig Secret it comes from ({@code namespace/secret/key}), so
 * the series are bounded by those Secrets; a closed connection's series go.
 */
@Startup
@ApplicationScoped
public class ClusterMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();

  public ClusterMetrics(ClusterRegistry clusters, MeterRegistry registry) {
    this.registry = registry;
    clusters.remote().addProbeListener(this::probed);
    clusters.remote().addCloseListener(this::closed);
  }

  void probed(RemoteClusters.Connection connection, Duration took) {
    String id = connection.id();
    up.computeIfAbsent(id, c -> {
      var value = new AtomicInteger();
      Gauge.builder("keelson_cluster_connection_up", value, AtomicInteger::get)
          .description("1 when the last probe of the remote cluster connection reached its API server (/readyz), else 0")
          .tag("connection", c).register(registry);
      return value;
    }).set(connection.health() == RemoteClusters.Health.REACHABLE ? 1 : 0);
    Timer.builder("keelson.cluster.probe").description("How long probes of the remote cluster connection's API server take")
        .tag("connection", id).register(registry).record(took);
  }

  void closed(String id) {
    up.remove(id);
    registry.find("keelson_cluster_connection_up").tag("connection", id).meters().forEach(registry::remove);
    registry.find("keelson.cluster.probe").tag("connection", id).meters().forEach(registry::remove);
  }
}
