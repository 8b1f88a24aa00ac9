package dev.keelson.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kubectl that hack/envtest-binaries.sh builds, run against a test API server, as a user would. */
public final class Kubectl {
  private Kubectl() {}

  /** Runs kubectl with the arguments; returns its exit code and combined output. */
  public static Result run(RealApiServer server, String... args) throws IOException, InterruptedException {
    Path kubectl = RealApiServer.toolsDir().resolve("k8s").resolve(RealApiServer.K8S_VERSION + "-linux-amd64").resolve("kubectl");
    var command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", server.kubeconfigFile().toString()));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), output);
  }

  /** What kubectl said. */
  public record Result(int exitCode, String output) {}
}
