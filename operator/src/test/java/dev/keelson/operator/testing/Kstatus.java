package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * kstatus's verdict on a live object, from the library itself (sigs.k8s.io/cli-utils
 * pkg/kstatus/status, what Flux's health checks and kpt use), run as the checker
 * {@code hack/checkers.sh} builds.
 */
public final class Kstatus {
  public static final String CURRENT = "Current";
  public static final String IN_PROGRESS = "InProgress";
  public static final String FAILED = "Failed";

  private Kstatus() {}

  /** kstatus's status and message for the object. */
  public record Result(String status, String message) {}

  public static Result of(HasMetadata object) {
    var output = Checkers.run("kstatus", Serialization.asJson(object));
    var fields = output.text().split("\t", 3);
    if (output.exitCode() != 0 || fields.length != 3) throw new IllegalStateException("kstatus answered " + output.text());
    return new Result(fields[1], fields[2]);
  }
}
