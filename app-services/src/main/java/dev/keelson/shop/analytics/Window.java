package dev.keelson.shop.analytics;

import java.time.Instant;
import java.util.List;

/**
 * One 5-minute tumbling window of orders by event time.
 *
 * @param averageOrderCents revenue over orders, 0 for an empty window
 * @param topProducts the products ordered most in the window, most first (at most 5)
 * @param closed whether the watermark has passed the window's end plus the allowed lateness: its
 *     numbers are final and were published on analytics-events
 */
public record Window(Instant start, Instant end, long orders, long revenueCents, long averageOrderCents, List<ProductCount> topProducts,
    boolean closed) {
  public Window {
    topProducts = List.copyOf(topProducts);
  }

  /** How many of one product the window's orders hold. */
  public record ProductCount(String productId, String name, long quantity) {}
}
