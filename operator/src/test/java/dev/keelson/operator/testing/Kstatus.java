package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

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
    var checker = RealApiServer.toolsDir().resolve("checkers").resolve("kstatus");
    if (!Files.isExecutable(checker)) {
      throw new IllegalStateException(checker + " is missing: run hack/checkers.sh first (hack/test.sh does)");
    }
    try {
      var process = new ProcessBuilder(checker.toString()).redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        in.write(Serialization.asJson(object).getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) throw new IllegalStateException("kstatus failed: " + out);
      var fields = out.split("\t", 3);
      if (fields.length != 3) throw new IllegalStateException("kstatus answered " + out);
      return new Result(fields[1], fields[2]);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + checker, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
