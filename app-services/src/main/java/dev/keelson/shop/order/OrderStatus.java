package dev.keelson.shop.order;

import java.util.Map;
import java.util.Set;

/**
 * Where an order is: pending (its stock reserved, its payment under way) → paid → processing →
 * shipped → delivered; or payment_failed (declined, or not paid in time), or cancelled while
 * pending. Paid and payment_failed are the payment's to set ({@link #setByPayment}).
 */
public enum OrderStatus {
  pending, paid, payment_failed, processing, shipped, delivered, cancelled;

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
      pending, Set.of(paid, payment_failed, cancelled),
      paid, Set.of(processing),
      payment_failed, Set.of(),
      processing, Set.of(shipped),
      shipped, Set.of(delivered),
      delivered, Set.of(),
      cancelled, Set.of());

  public boolean canBecome(OrderStatus next) {
    return NEXT.get(this).contains(next);
  }

  public Set<OrderStatus> next() {
    return NEXT.get(this);
  }

  /** Set by the order's payment only, never through the API. */
  public boolean setByPayment() {
    return this == paid || this == payment_failed;
  }

  /** Whether the order's reserved stock is sold (paid and later) or goes back (failed, cancelled). */
  public boolean sold() {
    return this == paid || this == processing || this == shipped || this == delivered;
  }
}
