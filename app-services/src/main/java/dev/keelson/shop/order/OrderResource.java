package dev.keelson.shop.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.Problem;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Orders: place one (its stock reserved at the product service, then paid through the
 * {@link PaymentSaga}; an Idempotency-Key makes a retry return the first answer), read one, list
 * one's own, and move it along its lifecycle. Every change is published on {@code order-events}
 * through the order's outbox.
 */
@BelongsTo("order")
@Path("/orders")
@Authenticated
public class OrderResource {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Logger LOG = Logger.getLogger(OrderResource.class);

  private final OrderRepository orders;
  private final OutboxRelay relay;
  private final StockReservations stock;
  private final PaymentSaga saga;
  private final PaymentClient payments;
  private final ObjectMapper json;
  private final Clock clock;
  @Inject JsonWebToken token;

  public OrderResource(OrderRepository orders, OutboxRelay relay, StockReservations stock, PaymentSaga saga,
      @RestClient PaymentClient payments, ObjectMapper json, Clock clock) {
    this.orders = orders;
    this.relay = relay;
    this.stock = stock;
    this.saga = saga;
    this.payments = payments;
    this.json = json;
    this.clock = clock;
  }

  public record ItemRequest(@NotBlank @Size(max = 64) String productId, @NotNull @Min(1) @Max(100) Integer quantity) {}

  public record OrderRequest(@NotEmpty @Size(max = 50) List<@Valid @NotNull ItemRequest> items) {}

  public record StatusRequest(@NotNull OrderStatus status) {}

  @POST
  public Response place(@Valid @NotNull OrderRequest request,
      @HeaderParam(IDEMPOTENCY_KEY) @Pattern(regexp = "^[A-Za-z0-9._:-]{1,100}$", message = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'")
          String idempotencyKey,
      UriInfo uri) {
    var lines = merged(request.items());
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // Claimed first (the Idempotency-Key), with names and prices to come from the reservations.
    var draft = new Order(new ObjectId().toHexString(), token.getSubject(), token.getName(),
        lines.stream().map(l -> new Order.Item(l.productId(), null, l.quantity(), 0)).toList(), 0, OrderStatus.pending, now, now);
    OrderRepository.Placed placed;
    try {
      placed = orders.begin(draft, idempotencyKey, hash(request));
    } catch (OrderRepository.IdempotencyConflict e) {
      return Problem.response(Response.Status.CONFLICT, e.getMessage());
    } catch (OrderRepository.StillPlacing e) {
      return Response.fromResponse(Problem.response(Response.Status.CONFLICT, e.getMessage())).header("Retry-After", "1").build();
    }
    if (placed.replayed()) return created(uri, placed.order(), true);

    // The saga's first step: every line's stock reserved (at the price the product has now), or none.
    var order = draft;
    var items = new ArrayList<Order.Item>();
    try {
      for (var line : lines) {
        var reserved = stock.reserve(line.productId(), order.id(), line.quantity());
        items.add(new Order.Item(line.productId(), reserved.name(), line.quantity(), reserved.priceCents()));
      }
    } catch (StockReservations.Refused e) {
      abandon(order, items);
      return e.missing() ? noSuchProduct(e.productId()) : Problem.response(Response.Status.CONFLICT, e.getMessage());
    } catch (CircuitBreakerOpenException e) {
      abandon(order, items);
      return unavailable("the product service failed repeatedly; orders are refused for a few seconds");
    } catch (RuntimeException e) {
      abandon(order, items);
      return unavailable("the product service could not reserve the stock: " + e.getClass().getSimpleName());
    }
    long total = items.stream().mapToLong(i -> i.unitPriceCents() * i.quantity()).sum();
    var createdEvent = new OrderEvent(UUID.randomUUID().toString(), OrderEvent.CREATED, order.id(), order.userId(), order.userEmail(), items,
        total, OrderStatus.pending, now);
    var stored = orders.placed(order.id(), items, total, createdEvent);
    relay.wake(order.id());
    saga.wake(stored);
    return created(uri, stored, false);
  }

  /** One line per product: a product asked for twice is one reservation of both quantities. */
  private static List<ItemRequest> merged(List<ItemRequest> items) {
    var byProduct = new LinkedHashMap<String, Integer>();
    for (var item : items) byProduct.merge(item.productId(), item.quantity(), Integer::sum);
    return byProduct.entrySet().stream().map(e -> new ItemRequest(e.getKey(), e.getValue())).toList();
  }

  /** Gives back what was reserved and forgets the order; what cannot be given back now, the saga's next round does. */
  private void abandon(Order order, List<Order.Item> reserved) {
    try {
      saga.abandon(order, reserved);
    } catch (RuntimeException e) {
      LOG.warnf("order %s: its reservations are released by the next round: %s", order.id(), e.getMessage());
    }
  }

  private static Response created(UriInfo uri, Order order, boolean replayed) {
    return Response.created(uri.getAbsolutePathBuilder().path(order.id()).build()).entity(order)
        .header("Idempotent-Replayed", Boolean.toString(replayed)).build();
  }

  private static Response noSuchProduct(String productId) {
    return Problem.response(Response.Status.BAD_REQUEST, "product " + productId + " does not exist",
        List.of(new Problem.FieldError("items.productId", "no product " + productId)));
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) {
    return orders.byId(id).filter(this::mayRead).map(o -> Response.ok(o).build()).orElseGet(() -> notFound(id));
  }

  @GET
  public List<Order> list(@QueryParam("userId") String userId, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    String owner = userId != null && admin() ? userId : token.getSubject();
    return orders.byUser(owner, page, size);
  }

  /**
   * Moves the order on: an administrator along the lifecycle, its owner only to cancel it while it
   * is pending. An illegal move is refused with the moves that are possible.
   */
  @PATCH
  @Path("{id}/status")
  public Response changeStatus(@PathParam("id") String id, @Valid @NotNull StatusRequest request) {
    var order = orders.byId(id).filter(this::mayRead);
    if (order.isEmpty()) return notFound(id);
    var current = order.get();
    boolean ownerCancels = current.userId().equals(token.getSubject()) && request.status() == OrderStatus.cancelled
        && current.status() == OrderStatus.pending;
    if (!admin() && !ownerCancels) {
      return Problem.response(Response.Status.FORBIDDEN, "only an administrator moves an order on; its owner may cancel it while it is pending");
    }
    if (request.status().setByPayment()) {
      return Problem.response(Response.Status.CONFLICT, request.status() + " is set by the order's payment, not by hand");
    }
    if (!current.status().canBecome(request.status())) {
      return Problem.response(Response.Status.CONFLICT, "order " + id + " is " + current.status() + "; it can become "
          + (current.status().next().isEmpty() ? "nothing else" : current.status().next().stream().map(Enum::name).sorted().toList()));
    }
    if (request.status() == OrderStatus.cancelled) {
      // Not charged, and never to be: the payment is voided first (or it went through, and the order is paid).
      PaymentClient.PaymentView payment;
      try {
        payment = payments.cancel(id);
      } catch (RuntimeException e) {
        return unavailable("the payment service did not answer; the order is not cancelled: " + e.getClass().getSimpleName());
      }
      if ("succeeded".equals(payment.state())) {
        saga.wake(id);
        return Problem.response(Response.Status.CONFLICT, "order " + id + " was paid meanwhile; it can no longer be cancelled");
      }
    }
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var changed = OrderEvent.statusChanged(current, request.status(), now);
    var after = orders.changeStatus(id, current.status(), changed);
    if (after.isEmpty()) return Problem.response(Response.Status.CONFLICT, "order " + id + " changed meanwhile; read it and try again");
    relay.wake(id);
    if (request.status() == OrderStatus.cancelled) saga.wake(id);
    return Response.ok(after.get()).build();
  }

  private boolean mayRead(Order order) {
    return order.userId().equals(token.getSubject()) || admin();
  }

  private boolean admin() {
    return token.getGroups().contains("admin");
  }

  private String hash(OrderRequest request) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response notFound(String id) {
    return Problem.response(Response.Status.NOT_FOUND, "no order " + id);
  }

  private static Response unavailable(String detail) {
    var response = Problem.response(Response.Status.SERVICE_UNAVAILABLE, detail);
    return Response.fromResponse(response).header("Retry-After", "5").build();
  }
}
