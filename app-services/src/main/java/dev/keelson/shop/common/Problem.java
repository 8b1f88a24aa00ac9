package dev.keelson.shop.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 *
 * @param errors for a 400, each field that was refused and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
  public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

  /** One refused field: its path in the request body (e.g. {@code email}) and the reason. */
  public record FieldError(String field, String message) {}

  public static Response response(Response.Status status, String detail) {
    return response(status, detail, null);
  }

  public static Response response(Response.Status status, String detail, List<FieldError> errors) {
    return Response.status(status).type(MEDIA_TYPE)
        .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, errors))
        .build();
  }
}
