package dev.keelson.operator.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.testing.RealApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file under samples/ applies cleanly with kubectl, as the README tells users to apply it. */
class SamplesApplyIT {

  @TestFactory
  Stream<DynamicTest> everySampleApplies() throws IOException {
    var server = RealApiServer.shared();
    Path kubeconfig = server.kubeconfigFile();
    Path kubectl = RealApiServer.toolsDir().resolve("k8s").resolve(RealApiServer.K8S_VERSION + "-linux-amd64").resolve("kubectl");
    List<Path> samples;
    try (Stream<Path> files = Files.walk(RealApiServer.repositoryRoot().resolve("samples"))) {
      samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(samples).as("samples").hasSizeGreaterThanOrEqualTo(4);
    return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(), () -> {
      String namespace = server.createNamespace("sample");
      var process = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
          "apply", "--server-side", "-n", namespace, "-f", sample.toString())
          .redirectErrorStream(true).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("kubectl apply -f %s said:%n%s", sample, output).isZero();
      assertThat(output).contains("serverside-applied");
    }));
  }
}
