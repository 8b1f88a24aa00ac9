package dev.keelson.operator;

import dev.keelson.operator.reconcile.ReconcileGate;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gate of the Service and WorkerPool reconciles: while more than
 * {@code keelson.input.busy-rate} of them arrive per second (default 20; 0 switches it off), only
 * {@code keelson.input.reconciles-while-busy} (default 2) reconcile at once.
 */
public class ReconcileGateProducer {
  @Produces
  @Singleton
  ReconcileGate gate(@ConfigProperty(name = "keelson.input.busy-rate", defaultValue = "" + ReconcileGate.DEFAULT_BUSY_RATE) int busyRate,
      @ConfigProperty(name = "keelson.input.reconciles-while-busy", defaultValue = "" + ReconcileGate.DEFAULT_WHILE_BUSY) int whileBusy) {
    return ReconcileGate.onInput(busyRate, whileBusy);
  }
}
