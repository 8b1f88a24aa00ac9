package dev.keelson.operator.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.testing.Kubectl;
import dev.keelson.operator.testing.RealApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file under samples/ applies cleanly with kubectl, as the README tells users to apply it. */
class SamplesApplyIT {

  @TestFactory
  Stream<DynamicTest> everySampleApplies() throws IOException {
    var server = RealApiServer.shared();
    List<Path> samples;
    try (Stream<Path> files = Files.walk(RealApiServer.repositoryRoot().resolve("samples"))) {
      samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(samples).as("samples").hasSizeGreaterThanOrEqualTo(4);
    return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(), () -> {
      var result = Kubectl.run(server, "apply", "--server-side", "-n", server.createNamespace("sample"), "-f", sample.toString());
      assertThat(result.exitCode()).as("kubectl apply -f %s said:%n%s", sample, result.output()).isZero();
      assertThat(result.output()).contains("serverside-applied");
    }));
  }
}
