package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * The filters of the Service and WorkerPool informers: they count each custom resource created or
 * changed as it arrives ({@link InputRate}, which {@link ReconcileGate} reads), and drop the
 * updates that changed only a status ({@link StatusOnlyUpdates}). JOSDK builds its filters from
 * their classes, hence the shared meter.
 */
public final class InputArrivals {
  private InputArrivals() {}

  /** A custom resource created (or listed when the operator starts). */
  public static final class Added implements OnAddFilter<HasMetadata> {
    @Override
    public boolean accept(HasMetadata added) {
      InputRate.SHARED.arrived();
      return true;
    }
  }

  /** A custom resource changed, unless only its status did. */
  public static final class Updated implements OnUpdateFilter<HasMetadata> {
    @Override
    public boolean accept(HasMetadata next, HasMetadata previous) {
      if (StatusOnlyUpdates.statusOnly(next.getMetadata(), previous.getMetadata())) return false;
      InputRate.SHARED.arrived();
      return true;
    }
  }
}
