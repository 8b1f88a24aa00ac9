package dev.keelson.shop.product;

import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.Problem;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The catalogue: list (paginated, by category) and get (cached in Redis) for anyone, as a shop's
 * window is; create and update (admin), stock changes (admin; never below zero).
 */
@BelongsTo("product")
@Path("/products")
@Authenticated
public class ProductResource {
  static final String CATEGORY = "^[a-z0-9][a-z0-9-]{0,49}$";

  private final ProductRepository products;
  private final ProductCache cache;
  private final Clock clock;

  public ProductResource(ProductRepository products, ProductCache cache, Clock clock) {
    this.products = products;
    this.cache = cache;
    this.clock = clock;
  }

  /** What an administrator sends to create or replace a product. */
  public record ProductRequest(
      @NotBlank @Size(max = 200) String name,
      @Size(max = 4000) String description,
      @NotNull @Pattern(regexp = CATEGORY, message = "must be lower-case letters, digits and '-', e.g. kitchen") String category,
      @NotNull @PositiveOrZero Long priceCents,
      @PositiveOrZero Integer stock) {}

  public record StockRequest(@NotNull @Min(-100_000) @Max(100_000) Integer delta) {}

  public record PageView(List<Product> items, int page, int size, long total) {}

  @GET
  @PermitAll
  public PageView list(@QueryParam("category") @Pattern(regexp = CATEGORY, message = "must be lower-case letters, digits and '-'") String category,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    var result = products.list(category, page, size);
    return new PageView(result.items(), page, size, result.total());
  }

  @GET
  @Path("{id}")
  @PermitAll
  public Response get(@PathParam("id") String id) {
    var cached = cache.get(id);
    if (cached.isPresent()) return Response.ok(cached.get()).build();
    var product = products.byId(id);
    product.ifPresent(cache::put);
    return product.map(p -> Response.ok(p).build()).orElseGet(() -> notFound(id));
  }

  @POST
  @RolesAllowed("admin")
  public Response create(@Valid @NotNull ProductRequest request, UriInfo uri) {
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var product = products.insert(new Product(null, request.name().trim(), request.description(), request.category(),
        request.priceCents(), request.stock() == null ? 0 : request.stock(), now, now));
    return Response.created(uri.getAbsolutePathBuilder().path(product.id()).build()).entity(product).build();
  }

  @PUT
  @Path("{id}")
  @RolesAllowed("admin")
  public Response update(@PathParam("id") String id, @Valid @NotNull ProductRequest request) {
    var updated = products.update(id, request.name().trim(), request.description(), request.category(), request.priceCents(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
    cache.evict(id);
    return updated.map(p -> Response.ok(p).build()).orElseGet(() -> notFound(id));
  }

  @PATCH
  @Path("{id}/stock")
  @RolesAllowed("admin")
  public Response adjustStock(@PathParam("id") String id, @Valid @NotNull StockRequest request) {
    var change = products.adjustStock(id, request.delta(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
    cache.evict(id);
    if (change instanceof ProductRepository.StockChange.Changed c) return Response.ok(c.product()).build();
    if (change instanceof ProductRepository.StockChange.Insufficient i) {
      return Problem.response(Response.Status.CONFLICT, "product " + id + " has " + i.available() + " in stock; "
          + "taking " + -request.delta() + " is refused");
    }
    return notFound(id);
  }

  private static Response notFound(String id) {
    return Problem.response(Response.Status.NOT_FOUND, "no product " + id);
  }
}
