package dev.keelson.shop.payment;

import java.time.Instant;

/**
 * One order's payment as the payment service keeps it (one per order id).
 *
 * @param reason why it was declined or voided, else null
 */
public record Payment(String orderId, long amountCents, State state, String reason, Instant createdAt, Instant updatedAt) {

  /** What the provider decided; a payment is recorded once it has. */
  public enum State {
    succeeded, declined, voided
  }
}
