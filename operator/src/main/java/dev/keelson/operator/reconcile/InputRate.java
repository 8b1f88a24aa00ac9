package dev.keelson.operator.reconcile;

/**
 * How many Services and WorkerPools were created or changed in the last second or so: a GitOps
 * sync or a {@code kubectl apply} of a directory shows as a burst. Two one-second buckets; the rate
 * is the fuller of the last complete one and the current one, so a burst counts from its start.
 */
public final class InputRate {
  /** The meter the informers' filter feeds ({@link InputArrivals}). */
  public static final InputRate SHARED = new InputRate();

  private long second;
  private int current;
  private int previous;

  synchronized void arrived() {
    roll(System.nanoTime() / 1_000_000_000L);
    current++;
  }

  /** Arrivals per second, now. */
  public synchronized int perSecond() {
    roll(System.nanoTime() / 1_000_000_000L);
    return Math.max(current, previous);
  }

  private void roll(long now) {
    if (now == second) return;
    previous = now == second + 1 ? current : 0;
    current = 0;
    second = now;
  }
}
