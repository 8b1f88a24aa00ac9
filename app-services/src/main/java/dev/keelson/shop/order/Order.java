package dev.keelson.shop.order;

import java.time.Instant;
import java.util.List;

/**
 * An order as stored and served.
 *
 * @param reason why the order is payment_failed (the provider's reason, or a timeout), else null
 */
public record Order(String id, String userId, String userEmail, List<Item> items, long totalCents, OrderStatus status,
    Instant createdAt, Instant updatedAt, String reason) {
  public Order {
    items = List.copyOf(items);
  }

  public Order(String id, String userId, String userEmail, List<Item> items, long totalCents, OrderStatus status, Instant createdAt,
      Instant updatedAt) {
    this(id, userId, userEmail, items, totalCents, status, createdAt, updatedAt, null);
  }

  /** One line: the product, how many, and its price when the order was placed. */
  public record Item(String productId, String name, int quantity, long unitPriceCents) {}
}
