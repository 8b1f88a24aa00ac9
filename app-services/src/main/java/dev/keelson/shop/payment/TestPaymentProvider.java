package dev.keelson.shop.payment;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider of development and tests ({@code keelson.payment.provider=test}, the default): no
 * money moves. Like a real provider's test mode, the amount picks the outcome: an amount ending in
 * 01 cents is declined ("card declined"), one ending in 02 cents times out once before it goes
 * through (the shop's retry, charged once), anything else goes through. Idempotent by key, in
 * memory; tests may make the next calls unavailable.
 */
@ApplicationScoped
public class TestPaymentProvider implements PaymentProvider {
  private final Map<String, Object> byKey = new ConcurrentHashMap<>();
  private final Map<String, Boolean> timedOutOnce = new ConcurrentHashMap<>();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicInteger chargesUnavailable = new AtomicInteger();
  private static final Object VOID = new Object();

  @Override
  public String name() {
    return "test";
  }

  @Override
  public Charge charge(String key, long amountCents) {
    failIfUnavailable();
    if (chargesUnavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new Unavailable("the test provider does not answer charges");
    if (amountCents % 100 == 2 && timedOutOnce.putIfAbsent(key, true) == null) {
      throw new Unavailable("the test provider timed out (amounts ending in 02 cents time out once)");
    }
    Object outcome = byKey.computeIfAbsent(key, k -> {
      if (amountCents % 100 == 1) return new Charge(Outcome.DECLINED, "card declined (amounts ending in 01 cents are declined)");
      return new Charge(Outcome.SUCCEEDED, null);
    });
    if (outcome == VOID) return new Charge(Outcome.DECLINED, "the payment was voided");
    return (Charge) outcome;
  }

  @Override
  public boolean voidCharge(String key) {
    failIfUnavailable();
    Object outcome = byKey.computeIfAbsent(key, k -> VOID);
    return outcome == VOID || ((Charge) outcome).outcome() == Outcome.DECLINED;
  }

  /** How many charges went through with this key (0 or 1). */
  public int chargedWith(String key) {
    return byKey.get(key) instanceof Charge c && c.outcome() == Outcome.SUCCEEDED ? 1 : 0;
  }

  /** Makes the next {@code calls} calls fail as a provider that does not answer. */
  public void unavailableFor(int calls) {
    unavailable.set(calls);
  }

  /** Makes the next {@code calls} charges fail as a provider that does not answer (voids still answer). */
  public void chargesUnavailableFor(int calls) {
    chargesUnavailable.set(calls);
  }

  private void failIfUnavailable() {
    if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new Unavailable("the test provider does not answer");
  }
}
