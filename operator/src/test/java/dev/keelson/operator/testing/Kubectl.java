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
  /**
   * Grants the remote manifest's ServiceAccount one namespace of that server for the Platforms
   * named, as hack/remote-kubeconfig.sh does: the YAML of hack/remote-grant.sh, applied.
   */
  public static void grantRemoteNamespace(RealApiServer server, String namespace, String... platforms) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<>(java.util.List.of("bash",
        RealApiServer.repositoryRoot().resolve("hack").resolve("remote-grant.sh").toString(), namespace));
    command.addAll(java.util.List.of(platforms));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String yaml = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new IllegalStateException("hack/remote-grant.sh failed: " + yaml);
    var file = java.nio.file.Files.createTempFile("keelson-remote-grant", ".yaml");
    java.nio.file.Files.writeString(file, yaml);
    var applied = run(server, "apply", "--server-side", "-f", file.toString());
    if (applied.exitCode() != 0) throw new IllegalStateException("granting namespace " + namespace + " failed: " + applied.output());
  }

  public record Result(int exitCode, String output) {}
}
