package dev.keelson.shop.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keelson.shop.queue.QueueHandler;
import dev.keelson.shop.queue.QueueRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;

/**
 * The notification worker: turns each order event into a message to the customer and delivers it:
 * confirmed once paid, or the payment failed; then each later status. A placed order, still
 * waiting for its payment, gets no mail.
 * The notification's id is the event's, so its delivery status can be read back, and the queue
 * worker's de-duplication keeps a repeated event from sending twice.
 */
@ApplicationScoped
public class OrderNotifications implements QueueHandler {
  private final ObjectMapper json;
  private final NotificationChannel channel;
  private final NotificationRepository notifications;
  private final Clock clock;

  public OrderNotifications(ObjectMapper json, NotificationChannel channel, NotificationRepository notifications, Clock clock) {
    this.json = json;
    this.channel = channel;
    this.notifications = notifications;
    this.clock = clock;
  }

  @Override
  public String service() {
    return "notification";
  }

  @Override
  public void handle(QueueRecord record) throws Exception {
    JsonNode event = json.readTree(record.value());
    String recipient = required(event, "userEmail");
    // The account it is for (what its owner reads under Messages); an event of an older order service may lack it.
    String user = event.path("userId").isTextual() ? event.path("userId").asText() : null;
    String order = required(event, "orderId");
    String status = required(event, "status");
    String total = String.format(Locale.ROOT, "%.2f", event.path("totalCents").asLong() / 100.0);
    String type = required(event, "type");
    // Placed, the order waits for its payment: the customer hears once it is paid, or when its payment failed.
    if ("OrderCreated".equals(type)) return;
    String subject = switch (type) {
      case "OrderStatusChanged" -> switch (status) {
        case "paid" -> "Your order " + order + " is confirmed";
        case "payment_failed" -> "The payment for your order " + order + " failed";
        default -> "Your order " + order + " is " + status;
      };
      default -> throw new IllegalArgumentException("unknown event type " + event.path("type").asText());
    };
    String body = "Hello,\n\nyour order " + order + " (total " + total + ") is now " + status + ".\n\nThe shop";
    var now = clock.instant();
    try {
      channel.deliver(recipient, subject, body);
    } catch (RuntimeException e) {
      notifications.save(new Notification(record.eventId(), user, channel.name(), recipient, subject, body, Notification.FAILED, e.getMessage(),
          now, null));
      throw e;
    }
    notifications.save(new Notification(record.eventId(), user, channel.name(), recipient, subject, body, Notification.SENT, null, now, now));
  }

  private static String required(JsonNode event, String field) {
    var value = event.path(field);
    if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
      throw new IllegalArgumentException("order event has no " + field);
    }
    return value.asText();
  }
}
