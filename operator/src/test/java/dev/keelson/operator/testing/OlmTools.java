package dev.keelson.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Operator Lifecycle Manager's own code, as {@code hack/olm-tools.sh} builds it from its Go
 * modules: {@code olm-check} (operator-framework/api's bundle validators, operator-registry's
 * catalog validation, rendering and gRPC serving), OLM's {@code olm} and {@code catalog}
 * operators, and OLM's CRDs.
 */
public final class OlmTools {
  private OlmTools() {}

  /** What a tool printed (stdout and stderr together), and its exit code. */
  public record Output(int exitCode, String text) {}

  public static Path dir() {
    return RealApiServer.toolsDir().resolve("olm");
  }

  public static Path binary(String name) {
    Path binary = dir().resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run hack/olm-tools.sh first (hack/test.sh does)");
    }
    return binary;
  }

  public static Path crds() {
    binary("olm");
    return dir().resolve("crds");
  }

  /** Runs {@code olm-check} with these arguments and waits for it (at most two minutes). */
  public static Output check(String... args) {
    var command = new ArrayList<>(List.of(binary("olm-check").toString()));
    command.addAll(List.of(args));
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("olm-check did not finish: " + out);
      }
      return new Output(process.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run olm-check", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
