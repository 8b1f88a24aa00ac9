package dev.keelson.operator.reconcile;

import java.util.function.IntSupplier;

/**
 * How many Service and WorkerPool reconciles run at once. While custom resources arrive faster
 * than {@code busyRate} per second (a GitOps tool or {@code kubectl apply} sending a thousand of
 * them), only {@code whileBusy} run, so that the API server, on the same cores as everything else,
 * serves that input first and the tool does not time out; when the input stops, all of JOSDK's
 * reconcile threads run again. Nothing is skipped: waiting reconciles run in their turn.
 */
public final class ReconcileGate {
  /** Arrivals per second from which the input is busy, unless {@code keelson.input.busy-rate} says otherwise. */
  public static final int DEFAULT_BUSY_RATE = 20;
  /** Reconciles at once while it is, unless {@code keelson.input.reconciles-while-busy} says otherwise. */
  public static final int DEFAULT_WHILE_BUSY = 2;

  private final IntSupplier arrivalsPerSecond;
  private final int busyRate;
  private final int whileBusy;
  private int running;

  /**
   * @param busyRate arrivals per second from which the input counts as busy; 0 switches the gate off
   * @param whileBusy reconciles at once while it is
   */
  public ReconcileGate(IntSupplier arrivalsPerSecond, int busyRate, int whileBusy) {
    if (whileBusy < 1) throw new IllegalArgumentException("keelson.input.reconciles-while-busy must be at least 1, not " + whileBusy);
    this.arrivalsPerSecond = arrivalsPerSecond;
    this.busyRate = busyRate;
    this.whileBusy = whileBusy;
  }

  /** The gate on the arrivals the Service and WorkerPool informers count ({@link InputRate#SHARED}). */
  public static ReconcileGate onInput(int busyRate, int whileBusy) {
    return new ReconcileGate(InputRate.SHARED::perSecond, busyRate, whileBusy);
  }

  /** {@link #onInput} with the application's defaults. */
  public static ReconcileGate onInput() {
    return onInput(DEFAULT_BUSY_RATE, DEFAULT_WHILE_BUSY);
  }

  /** Waits for a turn; close the returned pass when the reconcile is done. */
  public Pass enter() {
    if (busyRate <= 0) return () -> {};
    synchronized (this) {
      while (running >= whileBusy && arrivalsPerSecond.getAsInt() >= busyRate) {
        try {
          wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      running++;
    }
    return this::leave;
  }

  private synchronized void leave() {
    running--;
    notifyAll();
  }

  /** A turn, given back on close. */
  public interface Pass extends AutoCloseable {
    @Override
    void close();
  }
}
