package dev.keelson.shop.order;

import java.time.Instant;
import java.util.List;

/** An order as stored and served. */
public record Order(String id, String userId, String userEmail, List<Item> items, long totalCents, OrderStatus status,
    Instant createdAt, Instant updatedAt) {
  public Order {
    items = List.copyOf(items);
  }

  /** One line: the product, how many, and its price when the order was placed. */
  public record Item(String productId, String name, int quantity, long unitPriceCents) {}
}
