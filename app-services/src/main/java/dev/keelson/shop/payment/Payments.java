package dev.keelson.shop.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Charges and voids an order's payment at most once, whatever the caller repeats: the payment
 * record says whether the order was charged already, and the provider's idempotency key (the order
 * id) covers the call whose answer was lost (a timeout) — asking again returns the first outcome.
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

  /** An amount other than the one the order was first charged for. */
  public static final class AmountMismatch extends RuntimeException {
    AmountMismatch(Payment payment, long asked) {
      super("order " + payment.orderId() + " is charged " + payment.amountCents() + " cents, not " + asked);
    }
  }

  /** Charges the order once; {@link PaymentProvider.Unavailable} when the provider's answer is unknown (ask again). */
  public Payment charge(String orderId, long amountCents) {
    var payment = payments.open(orderId, amountCents, now());
    if (payment.state().isFinal()) return payment;
    if (payment.amountCents() != amountCents) throw new AmountMismatch(payment, amountCents);
    var charge = provider.charge(orderId, amountCents);
    var state = charge.outcome() == PaymentProvider.Outcome.SUCCEEDED ? Payment.State.succeeded : Payment.State.declined;
    return payments.settle(orderId, state, charge.reason(), now());
  }

  /**
   * Makes sure the order is not charged: voided, unless a charge went through before (then the
   * payment is succeeded, and the order is paid after all).
   */
  public Payment cancel(String orderId) {
    var existing = payments.byOrder(orderId);
    if (existing.isPresent() && existing.get().state().isFinal()) return existing.get();
    boolean voided = provider.voidCharge(orderId);
    return voided ? payments.settle(orderId, Payment.State.voided, "cancelled before it was charged", now())
        : payments.settle(orderId, Payment.State.succeeded, null, now());
  }

  private java.time.Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
