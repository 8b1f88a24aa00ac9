package dev.keelson.shop.analytics;

import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/** The windows the analytics worker computed: one, a range, and a summary over a range (administrators). */
@BelongsTo("analytics")
@Path("/analytics")
@RolesAllowed("admin")
public class AnalyticsResource {
  static final Duration MAX_RANGE = Duration.ofDays(7);
  private final WindowRepository windows;

  public AnalyticsResource(WindowRepository windows) {
    this.windows = windows;
  }

  public record Summary(Instant from, Instant to, long orders, long revenueCents, long averageOrderCents,
      List<Window.ProductCount> topProducts) {}

  @GET
  @Path("windows/{start}")
  public Response window(@PathParam("start") String start) {
    Instant at;
    try {
      at = Instant.parse(start);
    } catch (DateTimeParseException e) {
      return invalid("start", "must be an instant such as 2026-11-23T10:05:00Z");
    }
    if (!OrderAnalytics.windowStart(at).equals(at)) return invalid("start", "must be the start of a 5-minute window, e.g. 10:05:00");
    return windows.at(at, windows.watermark()).map(w -> Response.ok(w).build())
        .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no order in the window starting " + at));
  }

  @GET
  @Path("windows")
  public Response range(@QueryParam("from") String from, @QueryParam("to") String to) {
    return withRange(from, to, (f, t) -> Response.ok(windows.between(f, t, windows.watermark())).build());
  }

  @GET
  @Path("summary")
  public Response summary(@QueryParam("from") String from, @QueryParam("to") String to) {
    return withRange(from, to, (f, t) -> {
      var list = windows.between(f, t, windows.watermark());
      long orders = list.stream().mapToLong(Window::orders).sum();
      long revenue = list.stream().mapToLong(Window::revenueCents).sum();
      var quantities = new HashMap<String, Window.ProductCount>();
      list.forEach(w -> w.topProducts().forEach(p -> quantities.merge(p.productId(), p,
          (a, b) -> new Window.ProductCount(a.productId(), a.name(), a.quantity() + b.quantity()))));
      var top = quantities.values().stream()
          .sorted(Comparator.comparingLong(Window.ProductCount::quantity).reversed().thenComparing(Window.ProductCount::productId))
          .limit(WindowRepository.TOP).toList();
      return Response.ok(new Summary(f, t, orders, revenue, orders == 0 ? 0 : revenue / orders, top)).build();
    });
  }

  private Response withRange(String from, String to, java.util.function.BiFunction<Instant, Instant, Response> answer) {
    Instant f;
    Instant t;
    try {
      f = Instant.parse(String.valueOf(from));
    } catch (DateTimeParseException e) {
      return invalid("from", "must be an instant such as 2026-11-23T10:00:00Z");
    }
    try {
      t = Instant.parse(String.valueOf(to));
    } catch (DateTimeParseException e) {
      return invalid("to", "must be an instant such as 2026-11-23T11:00:00Z");
    }
    if (!t.isAfter(f)) return invalid("to", "must be after from");
    if (Duration.between(f, t).compareTo(MAX_RANGE) > 0) return invalid("to", "the range may span at most 7 days");
    return answer.apply(f, t);
  }

  private static Response invalid(String field, String message) {
    return Problem.response(Response.Status.BAD_REQUEST, field + " " + message, List.of(new Problem.FieldError(field, message)));
  }
}
