package dev.keelson.shop.order;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The product service's APIs, as the order service calls them ({@code quarkus.rest-client.products.url}):
 * the catalogue, and the stock reservations of the order saga.
 */
@RegisterRestClient(configKey = "products")
@Path("/api")
public interface ProductClient {

  /** A product as the catalogue serves it. */
  record ProductView(String id, String name, long priceCents, int stock) {}

  /** @param authorization the caller's own {@code Bearer} token, passed on */
  @GET
  @Path("products/{id}")
  ProductView get(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);

  /** How many of a product an order reserves. */
  record ReservationRequest(int quantity) {}

  @PUT
  @Path("internal/products/{id}/reservations/{orderId}")
  void reserve(@PathParam("id") String id, @PathParam("orderId") String orderId, ReservationRequest request);

  @POST
  @Path("internal/products/{id}/reservations/{orderId}/commit")
  void commit(@PathParam("id") String id, @PathParam("orderId") String orderId);

  @DELETE
  @Path("internal/products/{id}/reservations/{orderId}")
  void release(@PathParam("id") String id, @PathParam("orderId") String orderId);
}
