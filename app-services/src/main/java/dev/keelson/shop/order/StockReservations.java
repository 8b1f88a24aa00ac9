package dev.keelson.shop.order;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The order saga's calls to the product service's stock: reserve a line when the order is placed,
 * then commit or release it. Each call is idempotent by order id and bounded by a timeout; the
 * saga repeats a commit or release that failed.
 */
@ApplicationScoped
public class StockReservations {
  private final ProductClient products;

  public StockReservations(@RestClient ProductClient products) {
    this.products = products;
  }

  /** The product service refused the reservation: the product is missing, or its stock too low (its words). */
  public static final class Refused extends RuntimeException {
    private final String productId;
    private final boolean missing;

    Refused(String productId, String detail, boolean missing) {
      super(detail, null, false, false);
      this.productId = productId;
      this.missing = missing;
    }

    public String productId() {
      return productId;
    }

    public boolean missing() {
      return missing;
    }
  }

  @Timeout(value = 2, unit = ChronoUnit.SECONDS)
  public void reserve(String productId, String orderId, int quantity) {
    try {
      products.reserve(productId, orderId, new ProductClient.ReservationRequest(quantity));
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status == 404 || status == 409) throw new Refused(productId, detail(e), status == 404);
      throw e;
    }
  }

  @Timeout(value = 2, unit = ChronoUnit.SECONDS)
  public void commit(String productId, String orderId) {
    products.commit(productId, orderId);
  }

  @Timeout(value = 2, unit = ChronoUnit.SECONDS)
  public void release(String productId, String orderId) {
    products.release(productId, orderId);
  }

  private static String detail(WebApplicationException e) {
    try {
      return e.getResponse().readEntity(JsonNode.class).path("detail").asText("the product service refused the reservation");
    } catch (RuntimeException unreadable) {
      return "the product service refused the reservation (" + e.getResponse().getStatus() + ")";
    }
  }
}
