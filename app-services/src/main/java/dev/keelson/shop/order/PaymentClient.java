package dev.keelson.shop.order;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The payment service's API, as the order saga calls it ({@code quarkus.rest-client.payments.url}). */
@RegisterRestClient(configKey = "payments")
@Path("/api/internal/payments")
public interface PaymentClient {

  record ChargeRequest(String orderId, long amountCents) {}

  /** @param state succeeded, declined or voided */
  record PaymentView(String orderId, long amountCents, String state, String reason) {}

  @POST
  PaymentView charge(ChargeRequest request);

  @POST
  @Path("{orderId}/cancel")
  PaymentView cancel(@PathParam("orderId") String orderId);
}
