package dev.keelson.shop.notification;

import java.time.Instant;

/**
 * One notification and how its delivery went.
 *
 * @param id the event id it was made for, or a new id for one sent by hand
 * @param userId the customer's account it was sent for (an order's owner), or null for one sent by hand
 * @param status sent, or failed (with the error) when the channel refused it
 */
public record Notification(String id, String userId, String channel, String recipient, String subject, String body, String status,
    String error, Instant createdAt, Instant sentAt) {
  public static final String SENT = "sent";
  public static final String FAILED = "failed";

  /** What a customer reads of a mail sent for their account: no channel, address or delivery error. */
  public record Message(String id, String subject, String body, Instant sentAt) {}

  public Message message() {
    return new Message(id, subject, body, sentAt == null ? createdAt : sentAt);
  }
}
