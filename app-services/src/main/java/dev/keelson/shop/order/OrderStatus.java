package dev.keelson.shop.order;

import java.util.Map;
import java.util.Set;

/** Where an order is: pending → processing → shipped → delivered, or cancelled before it ships. */
public enum OrderStatus {
  pending, processing, shipped, delivered, cancelled;

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
      pending, Set.of(processing, cancelled),
      processing, Set.of(shipped, cancelled),
      shipped, Set.of(delivered),
      delivered, Set.of(),
      cancelled, Set.of());

  public boolean canBecome(OrderStatus next) {
    return NEXT.get(this).contains(next);
  }

  public Set<OrderStatus> next() {
    return NEXT.get(this);
  }
}
