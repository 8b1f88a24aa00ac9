package dev.keelson.shop.payment;

import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.OrderIds;
import dev.keelson.shop.common.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The payment service, the order saga's second step: charge an order (idempotent by order id) or
 * make sure it is not charged. Internal: under no Ingress route, and the payment service is reached
 * only from the pods its NetworkPolicy admits ({@code allowFrom: [order-service]}).
 */
@BelongsTo("payment")
@Path("/internal/payments")
public class PaymentResource {
  private final Payments payments;

  public PaymentResource(Payments payments) {
    this.payments = payments;
  }

  public record ChargeRequest(@NotNull @Pattern(regexp = OrderIds.PATTERN, message = "must be an order id") String orderId,
      @NotNull @Min(1) @Max(100_000_000) Long amountCents) {}

  /** A payment as the order service reads it. */
  public record PaymentView(String orderId, long amountCents, Payment.State state, String reason) {
    static PaymentView of(Payment p) {
      return new PaymentView(p.orderId(), p.amountCents(), p.state(), p.reason());
    }
  }

  @POST
  public Response charge(@Valid @NotNull ChargeRequest request) {
    try {
      return Response.ok(PaymentView.of(payments.charge(request.orderId(), request.amountCents()))).build();
    } catch (PaymentProvider.Unavailable e) {
      return unknown(e);
    }
  }

  @POST
  @Path("{orderId}/cancel")
  public Response cancel(@PathParam("orderId") @Pattern(regexp = OrderIds.PATTERN, message = "must be an order id") String orderId) {
    try {
      return Response.ok(PaymentView.of(payments.cancel(orderId))).build();
    } catch (PaymentProvider.Unavailable e) {
      return unknown(e);
    }
  }

  /** 504: the provider's answer is unknown; the same call later gets it, and charges at most once. */
  private static Response unknown(PaymentProvider.Unavailable e) {
    return Response.fromResponse(Problem.response(Response.Status.GATEWAY_TIMEOUT, e.getMessage())).header("Retry-After", "2").build();
  }
}
