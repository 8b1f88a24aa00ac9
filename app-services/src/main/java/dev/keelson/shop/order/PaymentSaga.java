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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * The stock is settled (committed or released, each idempotent) before the order's status is
 * written, and that write also closes the saga, so a crash between the two repeats only what is
 * idempotent. Every step is repeated until it is done: a step that failed is taken up again every
 * {@code keelson.payment.interval}, and every {@code keelson.payment.sweep-interval} a sweep takes
 * every order the saga is not done with ({@code sagaOpen}), also after a crash, and releases the
 * stock of orders whose process died while it was reserving it.
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
  private final Duration sweepInterval;
  private final Set<String> retry = ConcurrentHashMap.newKeySet();
  private volatile Instant lastSweep = Instant.EPOCH;
  private ExecutorService workers;
  private ScheduledExecutorService rounds;

  public PaymentSaga(OrderRepository orders, @RestClient PaymentClient payments, StockReservations stock, OutboxRelay relay,
      SelectedService service, MeterRegistry metrics, Clock clock,
      @ConfigProperty(name = "keelson.payment.timeout", defaultValue = "2m") Duration timeout,
      @ConfigProperty(name = "keelson.payment.interval", defaultValue = "2s") Duration interval,
      @ConfigProperty(name = "keelson.payment.sweep-interval", defaultValue = "30s") Duration sweepInterval) {
    this.orders = orders;
    this.payments = payments;
    this.stock = stock;
    this.relay = relay;
    this.service = service;
    this.metrics = metrics;
    this.clock = clock;
    this.timeout = timeout;
    this.interval = interval;
    this.sweepInterval = sweepInterval;
  }

  void start(@Observes StartupEvent event) {
    if (!service.runs("order")) return;
    workers = Executors.newFixedThreadPool(8, r -> new Thread(r, "payment-saga"));
    rounds = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payment-saga-rounds"));
    rounds.scheduleWithFixedDelay(this::roundQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (rounds != null) rounds.shutdown();
    if (workers != null) workers.shutdown();
  }

  /** Takes the order's next step soon, without making the caller wait (after it was placed, with the order as stored). */
  public void wake(Order order) {
    if (workers == null) return;
    workers.execute(() -> advanceQuietly(order));
  }

  /** Takes the order's next step soon, as it is stored now (after its owner cancelled it). */
  public void wake(String orderId) {
    if (workers == null) return;
    workers.execute(() -> orders.sagaOpen(orderId).ifPresent(this::advanceQuietly));
  }

  /** One round: the steps that failed since, and every sweep interval all open orders and the abandoned ones. */
  public void round() {
    for (String id : List.copyOf(retry)) {
      retry.remove(id);
      orders.sagaOpen(id).ifPresent(this::advanceQuietly);
    }
    if (Duration.between(lastSweep, clock.instant()).compareTo(sweepInterval) < 0) return;
    lastSweep = clock.instant();
    for (var order : orders.sagaOpen(BATCH)) advanceQuietly(order);
    for (var order : orders.abandoned(clock.instant().minus(ABANDONED_AFTER), BATCH)) {
      abandon(order, order.items());
      LOG.infof("order %s: its process stopped while its stock was reserved; released", order.id());
    }
  }

  /** Gives back what an order that could not be placed reserved of these lines, then forgets the order. */
  public void abandon(Order order, List<Order.Item> reserved) {
    for (var item : reserved) stock.release(item.productId(), order.id());
    orders.abandon(order.id());
  }

  private void advanceQuietly(Order order) {
    try {
      advance(order);
    } catch (RuntimeException e) {
      retry.add(order.id());
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
        case "succeeded" -> settle(current, OrderStatus.paid, null);
        case "declined" -> settle(current, OrderStatus.payment_failed, payment.reason());
        case "voided" -> settle(current, OrderStatus.payment_failed, late ? "not paid within " + timeout.toSeconds() + " s" : payment.reason());
        default -> throw new IllegalStateException("the payment service answered state " + payment.state() + " for order " + current.id());
      };
      if (current == null) return;
    }
    // Cancelled by its owner (or moved on) meanwhile: its stock as its status says.
    settleStock(current, current.status().sold());
    orders.settled(current.id(), current.status().sold());
  }

  private void settleStock(Order order, boolean sold) {
    for (var item : order.items()) {
      if (sold) stock.commit(item.productId(), order.id());
      else stock.release(item.productId(), order.id());
    }
  }

  /**
   * The stock settled as the payment decided, then the order moved on from pending with the saga
   * closed, in one write; null when done so. The order as it is now when it was no longer pending
   * (its owner cancelled it meanwhile).
   */
  private Order settle(Order order, OrderStatus status, String reason) {
    settleStock(order, status.sold());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var changed = OrderEvent.statusChanged(order, status, now);
    if (orders.settle(order.id(), OrderStatus.pending, changed, reason).isPresent()) {
      relay.wake(order.id());
      metrics.counter("order_payments_total", "status", status.name()).increment();
      return null;
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
