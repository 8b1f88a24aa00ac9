package dev.keelson.shop.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Charges and voids an order's payment at most once, whatever the caller repeats: the provider's
 * idempotency key (the order id) makes a repeated charge, or one whose answer was lost (a
 * timeout), return the first outcome, and the payment record keeps that outcome.
 */
@ApplicationScoped
public class Payments {
  private final PaymentRepository payments;
  private final PaymentProvider provider;
  private final Clock clock;

  public Payments(PaymentRepository payments, Instance<PaymentProvider> providers, Clock clock,
      @ConfigProperty(name = "keelson.payment.provider", defaultValue = "test") String provider) {
    this.payments = payments;
    this.clock = clock;
    this.provider = providers.stream().filter(p -> p.name().equals(provider)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("KEELSON_PAYMENT_PROVIDER is " + provider + "; the shop has the providers "
            + providers.stream().map(PaymentProvider::name).toList()));
  }

  /**
   * Charges the order once: asked again, the provider answers the first outcome for the order's
   * key, which is then written again. {@link PaymentProvider.Unavailable} when the provider's
   * answer is unknown (ask again later). A payment already final is answered from its record.
   */
  public Payment charge(String orderId, long amountCents) {
    var existing = payments.byOrder(orderId);
    if (existing.isPresent()) return existing.get();
    var charge = provider.charge(orderId, amountCents);
    var state = charge.outcome() == PaymentProvider.Outcome.SUCCEEDED ? Payment.State.succeeded : Payment.State.declined;
    return payments.settle(orderId, amountCents, state, charge.reason(), now());
  }

  /**
   * Makes sure the order is not charged: voided, unless a charge went through before (then the
   * payment is succeeded, and the order is paid after all).
   */
  public Payment cancel(String orderId) {
    var existing = payments.byOrder(orderId);
    if (existing.isPresent()) return existing.get();
    // No record: whatever the provider decided, this service never learnt the amount.
    return provider.voidCharge(orderId) ? payments.settle(orderId, 0, Payment.State.voided, "cancelled before it was charged", now())
        : payments.settle(orderId, 0, Payment.State.succeeded, null, now());
  }

  private java.time.Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
