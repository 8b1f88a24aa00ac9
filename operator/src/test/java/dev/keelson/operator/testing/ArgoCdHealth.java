package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;

/**
 * Argo CD's health of a live object, from Keelson's health.lua run as Argo CD runs a script from
 * argocd-cm (gopher-lua, base and table only), by the checker {@code hack/checkers.sh} builds.
 */
public final class ArgoCdHealth {
  public static final String HEALTHY = "Healthy";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String SUSPENDED = "Suspended";

  private ArgoCdHealth() {}

  public record Result(String status, String message) {}

  /** The repository's resource_customizations directory, in Argo CD's layout. */
  public static Path customizations() {
    return RealApiServer.repositoryRoot().resolve("argocd").resolve("resource_customizations");
  }

  public static Result of(HasMetadata object) {
    var script = customizations().resolve("platform.keelson.dev").resolve(object.getKind()).resolve("health.lua");
    var output = Checkers.run("argo-health", Serialization.asJson(object), "eval", script.toString());
    var fields = output.text().split("\t", 2);
    if (output.exitCode() != 0 || fields.length != 2) throw new IllegalStateException("argo-health answered " + output.text());
    return new Result(fields[0], fields[1]);
  }

  /** Every health_test.yaml case of the repository's checks. */
  public static Checkers.Output runHealthTests() {
    return Checkers.run("argo-health", "", "test", customizations().toString());
  }
}
