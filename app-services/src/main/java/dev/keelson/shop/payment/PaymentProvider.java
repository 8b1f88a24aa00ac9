package dev.keelson.shop.payment;

/**
 * Where money is taken: a payment provider behind its API, chosen by {@code keelson.payment.provider}.
 * Both calls are idempotent by key, as payment providers' APIs are: charging again with a key
 * returns the first charge's outcome and takes nothing more, which is what lets the shop retry a
 * charge that timed out without charging twice.
 */
public interface PaymentProvider {

  /** What a charge came to. */
  enum Outcome { SUCCEEDED, DECLINED }

  /** The provider's answer to a charge: its outcome, and why when declined. */
  record Charge(Outcome outcome, String reason) {}

  /** The provider did not answer in time or could not be reached: the charge may or may not have happened. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  String name();

  /** Charges {@code amountCents} once per key; {@link Unavailable} when the outcome is unknown. */
  Charge charge(String key, long amountCents);

  /**
   * Makes sure no charge with this key happens from now on: true when none did (the key is void),
   * false when a charge with the key went through before. {@link Unavailable} when unknown.
   */
  boolean voidCharge(String key);
}
