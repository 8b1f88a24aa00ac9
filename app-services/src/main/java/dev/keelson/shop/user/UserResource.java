package dev.keelson.shop.user;

import dev.keelson.shop.common.BelongsTo;
import dev.keelson.shop.common.Problem;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Registration, login and profiles: the user service's APIs, under /api/users like its Ingress route. */
@BelongsTo("user")
@Path("/users")
public class UserResource {
  static final int BCRYPT_COST = 12;
  /** A hash compared against when the address is unknown, so both failures take as long. */
  private static final String UNKNOWN_USER_HASH = BcryptUtil.bcryptHash("no user has this password", BCRYPT_COST);

  private final UserRepository users;
  private final Tokens tokens;
  private final Administrators administrators;
  private final Clock clock;
  @Inject JsonWebToken token;

  public UserResource(UserRepository users, Tokens tokens, Administrators administrators, Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.administrators = administrators;
    this.clock = clock;
  }

  public record RegisterRequest(
      @NotBlank @Email @Size(max = 254) String email,
      @NotNull @Size(min = 12, max = 72, message = "must be 12 to 72 characters long") String password,
      @NotBlank @Size(max = 100) String name) {
    @Override
    public String toString() {
      return "RegisterRequest[" + email + "]";
    }
  }

  public record LoginRequest(@NotBlank @Email String email, @NotNull @Size(max = 72) String password) {
    @Override
    public String toString() {
      return "LoginRequest[" + email + "]";
    }
  }

  /** A user as others may see it: no hash. */
  public record Profile(String id, String email, String name, List<String> roles, Instant createdAt) {
    static Profile of(User user, List<String> roles) {
      return new Profile(user.id(), user.email(), user.name(), roles, user.createdAt());
    }
  }

  public record AccessToken(String accessToken, String tokenType, long expiresIn) {}

  @POST
  public Response register(@Valid @NotNull RegisterRequest request, UriInfo uri) {
    String email = request.email().trim().toLowerCase(Locale.ROOT);
    // An administrator's address is taken by the configuration: the same answer as any taken one.
    if (administrators.isAdministrator(email)) return Problem.response(Response.Status.CONFLICT, new UserRepository.EmailTaken(email).getMessage());
    try {
      var user = users.insert(new User(null, email, request.name().trim(), BcryptUtil.bcryptHash(request.password(), BCRYPT_COST),
          List.of(Administrators.USER), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
      return Response.created(uri.getAbsolutePathBuilder().path(user.id()).build())
          .entity(Profile.of(user, administrators.rolesOf(user))).build();
    } catch (UserRepository.EmailTaken e) {
      return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
  }

  @POST
  @Path("login")
  public Response login(@Valid @NotNull LoginRequest request) {
    String email = request.email().trim().toLowerCase(Locale.ROOT);
    var configured = administrators.passwordHash(email);
    if (configured.isPresent()) {
      // Only the configured password opens an administrator's account, whatever was stored for it.
      if (!BcryptUtil.matches(request.password(), configured.get())) return wrongCredentials();
      return issued(users.administrator(email, configured.get(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }
    var user = users.byEmail(email);
    boolean matches = BcryptUtil.matches(request.password(), user.map(User::passwordHash).orElse(UNKNOWN_USER_HASH));
    if (user.isEmpty() || !matches) return wrongCredentials();
    return issued(user.get());
  }

  private Response issued(User user) {
    return Response.ok(new AccessToken(tokens.issue(user, administrators.rolesOf(user)), "Bearer", tokens.lifetime().toSeconds())).build();
  }

  private static Response wrongCredentials() {
    return Problem.response(Response.Status.UNAUTHORIZED, "e-mail or password is wrong");
  }

  @GET
  @Path("me")
  @Authenticated
  public Response me() {
    return users.byId(token.getSubject())
        .map(user -> Response.ok(Profile.of(user, administrators.rolesOf(user))).build())
        .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "the token's user no longer exists"));
  }

  /** A user's profile: one's own, or anyone's for an administrator. */
  @GET
  @Path("{id}")
  @Authenticated
  public Response profile(@PathParam("id") String id) {
    boolean mayRead = id.equals(token.getSubject()) || token.getGroups().contains(Administrators.ADMIN);
    return users.byId(id).filter(user -> mayRead)
        .map(user -> Response.ok(Profile.of(user, administrators.rolesOf(user))).build())
        .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no user " + id));
  }
}
