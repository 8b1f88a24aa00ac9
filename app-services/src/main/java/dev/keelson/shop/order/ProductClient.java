package dev.keelson.shop.order;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The product service's APIs, as the order service calls them ({@code quarkus.rest-client.products.url}):
 * the stock reservations of the order saga, which also tell the product's name and price.
 */
@RegisterRestClient(configKey = "products")
@Path("/api")
public interface ProductClient {

  /** How many of a product an order reserves. */
  record ReservationRequest(int quantity) {}

  /** A reservation as the product service answers it: with the product's name and price now. */
  record ReservationView(String productId, String orderId, String name, long priceCents, int stockLeft, boolean repeated) {}

  @PUT
  @Path("internal/products/{id}/reservations/{orderId}")
  ReservationView reserve(@PathParam("id") String id, @PathParam("orderId") String orderId, ReservationRequest request);

  @POST
  @Path("internal/products/{id}/reservations/{orderId}/commit")
  void commit(@PathParam("id") String id, @PathParam("orderId") String orderId);

  @DELETE
  @Path("internal/products/{id}/reservations/{orderId}")
  void release(@PathParam("id") String id, @PathParam("orderId") String orderId);
}
