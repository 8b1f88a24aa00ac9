package dev.keelson.shop.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The order service's view of the catalogue: each call bounded by a timeout, retried with
 * backoff when the product service fails, and behind a circuit breaker that stops calling it for
 * a while once most recent calls failed, so a slow product service does not take the order
 * service down with it. A product that does not exist is an answer ({@link NotFound}), not a failure.
 */
@ApplicationScoped
public class ProductCatalog {
  private final ProductClient products;

  public ProductCatalog(@RestClient ProductClient products) {
    this.products = products;
  }

  @Timeout(value = 2, unit = ChronoUnit.SECONDS)
  @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = NotFound.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS, skipOn = NotFound.class)
  /** @param token the caller's access token, with which the product service is asked */
  public ProductClient.ProductView product(String id, String token) {
    try {
      return products.get(id, "Bearer " + token);
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 404) throw new NotFound();
      throw e;
    }
  }

  /** The product service answered that there is no such product. */
  public static final class NotFound extends RuntimeException {
    NotFound() {
      super(null, null, false, false);
    }
  }
}
