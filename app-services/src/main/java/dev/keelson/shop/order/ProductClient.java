package dev.keelson.shop.order;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The product service's API, as the order service calls it ({@code quarkus.rest-client.products.url}). */
@RegisterRestClient(configKey = "products")
@Path("/api/products")
public interface ProductClient {

  /** A product as the catalogue serves it. */
  record ProductView(String id, String name, long priceCents, int stock) {}

  /** @param authorization the caller's own {@code Bearer} token, passed on */
  @GET
  @Path("{id}")
  ProductView get(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);
}
