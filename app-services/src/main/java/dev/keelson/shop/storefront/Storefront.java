package dev.keelson.shop.storefront;

import dev.keelson.shop.common.Problem;
import dev.keelson.shop.common.SelectedService;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The storefront's files (the single-page app in src/main/webui, built into META-INF/resources):
 * served at / by the storefront service (and a local all-in-one run), with the headers a page on a
 * shop's domain needs; a path of the app's own (e.g. /orders/…) answers index.html, so reloads and
 * shared links work. As the Ingress's catch-all route, it does not answer its health and metrics to
 * requests a proxy sent on. The other services serve only their APIs, health and metrics.
 */
@ApplicationScoped
public class Storefront {
  /** Everything the page loads comes from its own origin; nothing may frame it. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
  /** Above the other filters (CORS, the rate limit's are REST filters and do not see files). */
  private static final int PRIORITY = 100;

  void register(@Observes Filters filters, SelectedService service) {
    boolean serves = service.runs(SelectedService.STOREFRONT);
    filters.register(context -> filter(context, serves), PRIORITY);
  }

  private static void filter(RoutingContext context, boolean serves) {
    String path = context.normalizedPath();
    if (serves && isOperationsPath(path) && throughProxy(context)) {
      // The storefront's route is the Ingress's catch-all (/): its metrics and health are for the
      // kubelet and Prometheus, which call the pod directly, not for the internet.
      notFound(context, "not served through a proxy");
      return;
    }
    if (isServicePath(path)) {
      context.next();
      return;
    }
    if (!serves) {
      notFound(context, "this process serves the shop's APIs under /api; the storefront service serves the pages");
      return;
    }
    var method = context.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      context.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    boolean asset = path.startsWith("/assets/");
    context.addHeadersEndHandler(ignored -> {
      var headers = context.response().headers();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "same-origin");
      // Built files carry their content's hash in the name; the page itself is asked for every time.
      headers.set("Cache-Control", asset && context.response().getStatusCode() < 400 ? "public, max-age=31536000, immutable" : "no-cache");
    });
    if (!asset && isPage(path)) {
      context.reroute("/index.html");
      return;
    }
    context.next();
  }

  /** The problem detail every other answer of the shop gives for a 404. */
  private static void notFound(RoutingContext context, String detail) {
    var status = jakarta.ws.rs.core.Response.Status.NOT_FOUND;
    context.response().setStatusCode(status.getStatusCode()).putHeader("Content-Type", Problem.MEDIA_TYPE.toString())
        .end(Json.encode(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null)));
  }

  /** Under /api (the REST APIs), /health (the probes) or /q (metrics): not the storefront's. */
  static boolean isServicePath(String path) {
    return path.equals("/api") || path.startsWith("/api/") || isOperationsPath(path);
  }

  /** The probes' /health and the metrics' /q. */
  static boolean isOperationsPath(String path) {
    return path.equals("/health") || path.startsWith("/health/") || path.startsWith("/q/") || path.equals("/q");
  }

  /** Sent on by a proxy (an ingress controller sets X-Forwarded-For, or Forwarded). */
  static boolean throughProxy(RoutingContext context) {
    var headers = context.request().headers();
    return headers.contains("X-Forwarded-For") || headers.contains("Forwarded");
  }

  /** A page of the app (/, /cart, /orders/…): its last segment names no file. */
  static boolean isPage(String path) {
    return !path.substring(path.lastIndexOf('/') + 1).contains(".");
  }
}
