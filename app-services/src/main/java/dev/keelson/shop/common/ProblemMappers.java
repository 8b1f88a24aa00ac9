package dev.keelson.shop.common;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error becomes a problem+json answer; validation errors name the field. */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    var errors = e.getConstraintViolations().stream()
        .map(v -> new Problem.FieldError(field(v.getPropertyPath().toString()), v.getMessage()))
        .sorted(Comparator.comparing(Problem.FieldError::field))
        .toList();
    return Problem.response(Response.Status.BAD_REQUEST, "the request is invalid: " + errors.size() + " field(s) refused", errors);
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized() {
    return Problem.response(Response.Status.UNAUTHORIZED, "a valid bearer token is required");
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return Problem.response(Response.Status.FORBIDDEN, "this operation needs a role the token does not have");
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    var status = Response.Status.fromStatusCode(e.getResponse().getStatus());
    if (status == null) status = Response.Status.INTERNAL_SERVER_ERROR;
    return Problem.response(status, e.getMessage());
  }

  /** {@code register.request.email} → {@code email}: the path inside the body, without the method and parameter. */
  static String field(String path) {
    String[] parts = path.split("\\.");
    return parts.length <= 2 ? parts[parts.length - 1] : String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
  }
}
