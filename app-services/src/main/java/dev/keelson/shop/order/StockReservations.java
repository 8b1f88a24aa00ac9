package dev.keelson.shop.order;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
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

  /**
   * Reserves a line, retried with backoff (the same reservation again takes nothing more) and behind
   * a circuit breaker that stops calling the product service for a while once most recent calls
   * failed, so a slow product service does not take the order service down with it. A refusal (no
   * such product, too little stock) is an answer, not a failure.
   */
  @Timeout(value = 2, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = Refused.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS, skipOn = Refused.class)
  public ProductClient.ReservationView reserve(String productId, String orderId, int quantity) {
    try {
      return products.reserve(productId, orderId, new ProductClient.ReservationRequest(quantity));
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
