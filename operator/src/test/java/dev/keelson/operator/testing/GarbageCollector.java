package dev.keelson.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' real garbage collector (kube-controller-manager running only that controller, built
 * by {@code hack/envtest-binaries.sh --cluster}) against a test API server, so that deleting a
 * custom resource really removes what it owns.
 */
public final class GarbageCollector implements AutoCloseable {
  private final Process process;

  private GarbageCollector(Process process) {
    this.process = process;
  }

  public static GarbageCollector start(RealApiServer server) throws IOException {
    Path binary = RealApiServer.toolsDir().resolve("k8s").resolve(RealApiServer.K8S_VERSION + "-linux-amd64").resolve("kube-controller-manager");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run hack/envtest-binaries.sh --cluster first");
    }
    Path log = Files.createTempFile("keelson-garbage-collector", ".log");
    var process = new ProcessBuilder(binary.toString(),
        "--kubeconfig", server.kubeconfigFile().toString(),
        "--controllers", "garbagecollector",
        "--leader-elect=false",
        "--secure-port=0")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new GarbageCollector(process);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
