package dev.keelson.shop.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the order service publishes on {@code order-events}, keyed by order id (so one order's
 * events stay in order). {@code eventId} is unique: consumers drop a repeat, which is how a
 * relay that publishes twice after a crash stays invisible downstream.
 */
public record OrderEvent(String eventId, String type, String orderId, String userId, String userEmail, List<Order.Item> items,
    long totalCents, OrderStatus status, Instant occurredAt) {
  public static final String CREATED = "OrderCreated";
  public static final String STATUS_CHANGED = "OrderStatusChanged";
  public static final String EVENT_ID_HEADER = "event-id";

  public OrderEvent {
    items = List.copyOf(items);
  }

  /** The event of an order moving to {@code status}, with a new event id. */
  public static OrderEvent statusChanged(Order order, OrderStatus status, Instant at) {
    return new OrderEvent(UUID.randomUUID().toString(), STATUS_CHANGED, order.id(), order.userId(), order.userEmail(),
        order.items(), order.totalCents(), status, at);
  }
}
