package dev.keelson.shop.product;

import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.OrderIds;
import dev.keelson.shop.common.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Stock reservations, the product service's part of the order saga: the order service reserves
 * each line when an order is placed, and commits (paid) or releases (payment failed, cancelled)
 * them afterwards. Every call is idempotent by order id, so the saga may repeat any of them.
 * Internal: under no Ingress route (see {@code IngressRoutesTest}), reached only from the pods the
 * product service's NetworkPolicy admits ({@code allowFrom: [order-service]}).
 */
@BelongsTo("product")
@Path("/internal/products/{id}/reservations/{orderId}")
public class ReservationResource {
  private final ProductRepository products;
  private final ProductCache cache;
  private final Clock clock;

  public ReservationResource(ProductRepository products, ProductCache cache, Clock clock) {
    this.products = products;
    this.cache = cache;
    this.clock = clock;
  }

  public record ReservationRequest(@NotNull @Min(1) @Max(100) Integer quantity) {}

  /** The reservation, with what the order keeps of the product: its name and price now. */
  public record ReservationView(String productId, String orderId, String name, long priceCents, int stockLeft, boolean repeated) {}

  @PUT
  public Response reserve(@PathParam("id") String id, @PathParam("orderId") @Pattern(regexp = OrderIds.PATTERN, message = "must be an order id") String orderId,
      @Valid @NotNull ReservationRequest request) {
    var outcome = products.reserve(id, orderId, request.quantity(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (outcome instanceof ProductRepository.Reservation.Reserved r) {
      if (!r.repeated()) cache.evict(id);
      var p = r.product();
      return Response.ok(new ReservationView(id, orderId, p.name(), p.priceCents(), p.stock(), r.repeated())).build();
    }
    if (outcome instanceof ProductRepository.Reservation.Insufficient i) {
      return Problem.response(Response.Status.CONFLICT, "product " + id + " has " + i.available() + " in stock; the order asks for "
          + request.quantity());
    }
    return Problem.response(Response.Status.NOT_FOUND, "no product " + id);
  }

  /** The order was paid: the reserved items stay sold. */
  @POST
  @Path("commit")
  public Response commit(@PathParam("id") String id, @PathParam("orderId") @Pattern(regexp = OrderIds.PATTERN, message = "must be an order id") String orderId) {
    products.commitReservation(id, orderId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    return Response.noContent().build();
  }

  /** The order will not be paid: the reserved items go back in stock. */
  @DELETE
  public Response release(@PathParam("id") String id, @PathParam("orderId") @Pattern(regexp = OrderIds.PATTERN, message = "must be an order id") String orderId) {
    if (products.releaseReservation(id, orderId, clock.instant().truncatedTo(ChronoUnit.MILLIS))) cache.evict(id);
    return Response.noContent().build();
  }
}
