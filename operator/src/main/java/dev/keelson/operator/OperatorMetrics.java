package dev.keelson.operator;

import dev.keelson.operator.reconcile.InFlightReconciles;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Reconcile metrics per controller, not per resource: quarkus-operator-sdk's default keeps a set
 * of timers (with histograms) for every custom resource, about 20 MiB of heap at 1000 Services.
 * They are counted on the way ({@link InFlightReconciles}), for a stopping leader to wait for.
 */
public class OperatorMetrics {
  @Produces
  @Singleton
  @Typed(InFlightReconciles.class)
  InFlightReconciles inFlight(MeterRegistry registry) {
    return new InFlightReconciles(MicrometerMetrics.withoutPerResourceMetrics(registry));
  }

  @Produces
  @Singleton
  Metrics metrics(InFlightReconciles inFlight) {
    return inFlight;
  }
}
