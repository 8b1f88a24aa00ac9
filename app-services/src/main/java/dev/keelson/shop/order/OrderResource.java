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
import java.util.List;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Orders: place one (stock checked with the product service; an Idempotency-Key makes a retry
 * return the first answer), read one, list one's own, and move it along its lifecycle. Every
 * change is published on {@code order-events} through the order's outbox.
 */
@BelongsTo("order")
@Path("/orders")
@Authenticated
public class OrderResource {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final OrderRepository orders;
  private final ProductCatalog catalog;
  private final OutboxRelay relay;
  private final ObjectMapper json;
  private final Clock clock;
  @Inject JsonWebToken token;

  public OrderResource(OrderRepository orders, ProductCatalog catalog, OutboxRelay relay, ObjectMapper json, Clock clock) {
    this.orders = orders;
    this.catalog = catalog;
    this.relay = relay;
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
    var items = new ArrayList<Order.Item>();
    for (var item : request.items()) {
      ProductClient.ProductView product;
      try {
        product = catalog.product(item.productId(), token.getRawToken());
      } catch (ProductCatalog.NotFound e) {
        return Problem.response(Response.Status.BAD_REQUEST, "product " + item.productId() + " does not exist",
            List.of(new Problem.FieldError("items.productId", "no product " + item.productId())));
      } catch (CircuitBreakerOpenException e) {
        return unavailable("the product service failed repeatedly; orders are refused for a few seconds");
      } catch (RuntimeException e) {
        return unavailable("the product service did not answer: " + e.getClass().getSimpleName());
      }
      if (product.stock() < item.quantity()) {
        return Problem.response(Response.Status.CONFLICT, "product " + product.id() + " has " + product.stock()
            + " in stock; the order asks for " + item.quantity());
      }
      items.add(new Order.Item(product.id(), product.name(), item.quantity(), product.priceCents()));
    }
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long total = items.stream().mapToLong(i -> i.unitPriceCents() * i.quantity()).sum();
    var order = new Order(new ObjectId().toHexString(), token.getSubject(), token.getName(), items, total, OrderStatus.pending, now, now);
    var created = new OrderEvent(UUID.randomUUID().toString(), OrderEvent.CREATED, order.id(), order.userId(), order.userEmail(), items,
        total, OrderStatus.pending, now);
    OrderRepository.Placed placed;
    try {
      placed = orders.insert(order, idempotencyKey, hash(request), created);
    } catch (OrderRepository.IdempotencyConflict e) {
      return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
    if (!placed.replayed()) relay.wake(placed.order().id());
    return Response.created(uri.getAbsolutePathBuilder().path(placed.order().id()).build()).entity(placed.order())
        .header("Idempotent-Replayed", Boolean.toString(placed.replayed())).build();
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
    if (!current.status().canBecome(request.status())) {
      return Problem.response(Response.Status.CONFLICT, "order " + id + " is " + current.status() + "; it can become "
          + (current.status().next().isEmpty() ? "nothing else" : current.status().next().stream().map(Enum::name).sorted().toList()));
    }
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var changed = new OrderEvent(UUID.randomUUID().toString(), OrderEvent.STATUS_CHANGED, id, current.userId(), current.userEmail(),
        current.items(), current.totalCents(), request.status(), now);
    var after = orders.changeStatus(id, current.status(), changed);
    if (after.isEmpty()) return Problem.response(Response.Status.CONFLICT, "order " + id + " changed meanwhile; read it and try again");
    relay.wake(id);
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
