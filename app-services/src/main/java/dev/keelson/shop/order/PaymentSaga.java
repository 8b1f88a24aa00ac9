package dev.keelson.shop.order;

import dev.keelson.shop.common.SelectedService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The order saga after an order is placed with its stock reserved: charge it at the payment
 * service (idempotent by order id, so a retry never charges twice), then paid with the stock
 * committed, or payment_failed with the stock released. A charge whose answer is unknown (a
 * timeout, the payment service down) is asked again on the next round; one not settled within
 * {@code keelson.payment.timeout} is cancelled at the payment service, and only once that answers
 * "voided" is the stock released (if it answers that the charge went through, the order is paid).
 * Every step is repeated until it is done: the order keeps {@code sagaOpen} until its stock is
 * settled, and a round every {@code keelson.payment.interval} takes whatever is left, also after a
 * crash. Orders whose process died while their stock was being reserved are released and dropped.
 */
@ApplicationScoped
public class PaymentSaga {
  private static final Logger LOG = Logger.getLogger(PaymentSaga.class);
  static final int BATCH = 100;
  private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

  private final OrderRepository orders;
  private final PaymentClient payments;
  private final StockReservations stock;
  private final OutboxRelay relay;
  private final SelectedService service;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Duration timeout;
  private final Duration interval;
  private ExecutorService workers;
  private ScheduledExecutorService rounds;

  public PaymentSaga(OrderRepository orders, @RestClient PaymentClient payments, StockReservations stock, OutboxRelay relay,
      SelectedService service, MeterRegistry metrics, Clock clock,
      @ConfigProperty(name = "keelson.payment.timeout", defaultValue = "2m") Duration timeout,
      @ConfigProperty(name = "keelson.payment.interval", defaultValue = "2s") Duration interval) {
    this.orders = orders;
    this.payments = payments;
    this.stock = stock;
    this.relay = relay;
    this.service = service;
    this.metrics = metrics;
    this.clock = clock;
    this.timeout = timeout;
    this.interval = interval;
  }

  void start(@Observes StartupEvent event) {
    if (!service.runs("order")) return;
    workers = Executors.newFixedThreadPool(4, r -> new Thread(r, "payment-saga"));
    rounds = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payment-saga-rounds"));
    rounds.scheduleWithFixedDelay(this::roundQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (rounds != null) rounds.shutdown();
    if (workers != null) workers.shutdown();
  }

  /** Takes the order's next step soon, without making the caller wait (after it was placed). */
  public void wake(String orderId) {
    if (workers == null) return;
    workers.execute(() -> orders.sagaOpen(orderId).ifPresent(this::advanceQuietly));
  }

  /** One round: every open order's next step, and the release of abandoned ones. */
  public void round() {
    for (var order : orders.sagaOpen(BATCH)) advanceQuietly(order);
    for (var order : orders.abandoned(clock.instant().minus(ABANDONED_AFTER), BATCH)) {
      for (var item : order.items()) stock.release(item.productId(), order.id());
      orders.abandon(order.id());
      LOG.infof("order %s: its process stopped while its stock was reserved; released", order.id());
    }
  }

  private void advanceQuietly(Order order) {
    try {
      advance(order);
    } catch (RuntimeException e) {
      metrics.counter("order_saga_retries_total").increment();
      LOG.warnf("order %s: its payment step is retried in %s: %s", order.id(), interval, e.getMessage());
    }
  }

  /** The order's next step; a failure leaves it for the next round. */
  void advance(Order order) {
    var current = order;
    if (current.status() == OrderStatus.pending) {
      boolean late = current.createdAt().plus(timeout).isBefore(clock.instant());
      var payment = late ? payments.cancel(current.id()) : payments.charge(new PaymentClient.ChargeRequest(current.id(), current.totalCents()));
      current = switch (payment.state()) {
        case "succeeded" -> move(current, OrderStatus.paid, null);
        case "declined" -> move(current, OrderStatus.payment_failed, payment.reason());
        case "voided" -> move(current, OrderStatus.payment_failed, late ? "not paid within " + timeout.toSeconds() + " s" : payment.reason());
        default -> throw new IllegalStateException("the payment of order " + current.id() + " is still " + payment.state());
      };
    }
    if (current.status() == OrderStatus.pending) return;
    boolean sold = current.status().sold();
    for (var item : current.items()) {
      if (sold) stock.commit(item.productId(), current.id());
      else stock.release(item.productId(), current.id());
    }
    orders.settled(current.id(), sold);
  }

  /** Moves a pending order on, or reads what it became meanwhile (cancelled by its owner). */
  private Order move(Order order, OrderStatus status, String reason) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var changed = new OrderEvent(UUID.randomUUID().toString(), OrderEvent.STATUS_CHANGED, order.id(), order.userId(), order.userEmail(),
        order.items(), order.totalCents(), status, now);
    var after = orders.changeStatus(order.id(), OrderStatus.pending, changed, reason);
    if (after.isPresent()) {
      relay.wake(order.id());
      metrics.counter("order_payments_total", "status", status.name()).increment();
      return after.get();
    }
    return orders.byId(order.id()).orElseThrow(() -> new IllegalStateException("order " + order.id() + " is gone"));
  }

  private void roundQuietly() {
    try {
      round();
    } catch (RuntimeException e) {
      LOG.warnf("payment saga: round failed, retried in %s: %s", interval, e.getMessage());
    }
  }
}
