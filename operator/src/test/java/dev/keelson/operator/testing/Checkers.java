package dev.keelson.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the ecosystem's checkers {@code hack/checkers.sh} builds (kstatus, argo-health). */
public final class Checkers {
  private Checkers() {}

  /** What a checker printed (stdout and stderr), and its exit code. */
  public record Output(int exitCode, String text) {}

  public static Output run(String checker, String stdin, String... args) {
    var binary = RealApiServer.toolsDir().resolve("checkers").resolve(checker);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run hack/checkers.sh first (hack/test.sh does)");
    }
    var command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(checker + " did not finish within 30s: " + out);
      }
      return new Output(process.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
