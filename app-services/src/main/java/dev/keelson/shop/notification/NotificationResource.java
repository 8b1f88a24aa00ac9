package dev.keelson.shop.notification;

import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.Problem;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Notifications by hand and the delivery status of any notification (administrators), and each
 * customer's own: what the shop mailed for their account (by account, not by address: an address
 * is not verified at registration, so whoever registers someone else's reads only their own).
 */
@BelongsTo("notification")
@Path("/notifications")
@RolesAllowed("admin")
public class NotificationResource {
  private final NotificationChannel channel;
  private final NotificationRepository notifications;
  private final Clock clock;
  @Inject JsonWebToken token;

  public NotificationResource(NotificationChannel channel, NotificationRepository notifications, Clock clock) {
    this.channel = channel;
    this.notifications = notifications;
    this.clock = clock;
  }

  public record SendRequest(@NotBlank @Email String recipient, @NotBlank @Size(max = 200) String subject,
      @NotBlank @Size(max = 10_000) String body) {}

  @POST
  public Response send(@Valid @NotNull SendRequest request, UriInfo uri) {
    var now = clock.instant();
    String id = UUID.randomUUID().toString();
    Notification result;
    try {
      channel.deliver(request.recipient(), request.subject(), request.body());
      result = new Notification(id, null, channel.name(), request.recipient(), request.subject(), request.body(), Notification.SENT, null, now, now);
    } catch (RuntimeException e) {
      result = new Notification(id, null, channel.name(), request.recipient(), request.subject(), request.body(), Notification.FAILED,
          e.getMessage(), now, null);
    }
    notifications.save(result);
    return Response.created(uri.getAbsolutePathBuilder().path(id).build()).entity(result).build();
  }

  /** The newest mails sent for the signed-in user's account (the token's subject), newest first. */
  @GET
  @Path("mine")
  @Authenticated
  public List<Notification.Message> mine(@QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return notifications.sentFor(token.getSubject(), size).stream().map(Notification::message).toList();
  }

  @GET
  @Path("{id}")
  public Response status(@PathParam("id") String id) {
    return notifications.byId(id).map(n -> Response.ok(n).build())
        .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no notification " + id));
  }
}
