package dev.keelson.shop.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Carries a correlation id through a request: the caller's {@value #HEADER}, or a new one; in the
 * logs' MDC while the request runs, and echoed on the answer.
 */
public class CorrelationIdFilter {
  public static final String HEADER = "X-Correlation-Id";
  public static final String MDC_KEY = "correlationId";
  /** The same id on the Kafka records a request causes, so a worker's logs carry it too. */
  public static final String KAFKA_HEADER = "correlation-id";
  private static final int MAX_LENGTH = 128;

  @ServerRequestFilter(preMatching = true)
  public void onRequest(ContainerRequestContext request) {
    String id = request.getHeaderString(HEADER);
    if (id == null || id.isBlank() || id.length() > MAX_LENGTH || !id.matches("[A-Za-z0-9._-]+")) id = UUID.randomUUID().toString();
    request.setProperty(MDC_KEY, id);
    MDC.put(MDC_KEY, id);
  }

  @ServerResponseFilter
  public void onResponse(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(MDC_KEY);
    if (id != null) response.getHeaders().putSingle(HEADER, id.toString());
    MDC.remove(MDC_KEY);
  }
}
