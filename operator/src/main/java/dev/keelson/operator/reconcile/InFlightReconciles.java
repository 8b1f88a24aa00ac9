package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;

/**
 * The reconciles (and cleanups) running now, counted where JOSDK reports each execution's start
 * and end to its metrics: a stopping leader hands its Lease over only once none is left, because
 * JOSDK's stop does not wait for them (and a reconcile waits for its clusters' work to finish).
 * Everything is forwarded to the metrics it wraps.
 */
public final class InFlightReconciles implements Metrics {
  private final Metrics metrics;
  private int running;

  public InFlightReconciles(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    synchronized (this) {
      running++;
    }
    metrics.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    synchronized (this) {
      running--;
      notifyAll();
    }
    metrics.reconciliationExecutionFinished(resource, metadata);
  }

  public synchronized int running() {
    return running;
  }

  /** Waits until no reconcile runs, at most {@code timeout}; whether none does. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    metrics.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    metrics.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    metrics.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    metrics.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    metrics.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    metrics.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return metrics.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return metrics.monitorSizeOf(map, name);
  }
}
