package dev.keelson.shop.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * One image runs every service; {@code KEELSON_SERVICE} (user, product, order, payment, notification,
 * analytics, storefront, or all for a local run) chooses which one this process is. The APIs of the
 * others answer 404, as they would on a process that does not have them.
 */
@ApplicationScoped
public class SelectedService {
  /** The one service that stores nothing: it serves the storefront's files and has no bindings. */
  public static final String STOREFRONT = "storefront";
  public static final Set<String> SERVICES = Set.of("user", "product", "order", "payment", "notification", "analytics", STOREFRONT);
  public static final String ALL = "all";

  private final String selected;

  public SelectedService(@ConfigProperty(name = "keelson.service", defaultValue = ALL) String selected) {
    if (!ALL.equals(selected) && !SERVICES.contains(selected)) {
      throw new IllegalArgumentException("KEELSON_SERVICE is " + selected + "; it must be one of " + SERVICES + " or " + ALL);
    }
    this.selected = selected;
  }

  /** The service this process is, or all. */
  public String name() {
    return selected;
  }

  public boolean runs(String service) {
    return ALL.equals(selected) || selected.equals(service);
  }

  /** Whether this process keeps data in MongoDB (every service but the storefront). */
  public boolean storesData() {
    return !STOREFRONT.equals(selected);
  }

  @ServerRequestFilter
  public Response onlyOwnApis(ContainerRequestContext request, ResourceInfo resource) {
    var owner = resource.getResourceClass() == null ? null : resource.getResourceClass().getAnnotation(BelongsTo.class);
    if (owner == null || runs(owner.value())) return null;
    return Problem.response(Response.Status.NOT_FOUND, "this process is the " + selected + " service; "
        + request.getUriInfo().getPath() + " belongs to the " + owner.value() + " service");
  }
}
