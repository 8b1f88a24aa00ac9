package dev.keelson.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keelson.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The CRDs' schema and CEL rules, on a real API server: every {@code valid-*.yaml} fixture is
 * accepted, and every {@code invalid-*.yaml} is rejected with exactly the message written in its
 * first line ({@code # expect: ...}), which is what {@code kubectl apply} shows the user.
 */
class CrdValidationIT {
  static final Path FIXTURES = Path.of("src", "test", "resources", "crd-validation");
  static RealApiServer server;
  static String namespace;

  @BeforeAll
  static void start() {
    server = RealApiServer.shared();
    namespace = server.createNamespace("crd-validation");
  }

  @TestFactory
  Stream<DynamicTest> validFixturesAreAccepted() throws IOException {
    return fixtures("valid-").stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      var created = server.client().resource(load(file)).inNamespace(server.createNamespace("valid")).create();
      assertThat(created.getMetadata().getUid()).isNotBlank();
    }));
  }

  @Test
  void theSchemaFillsInDefaults() throws IOException {
    String ns = server.createNamespace("defaults");
    var platform = server.client().resource(load(FIXTURES.resolve("valid-platform-minimal.yaml"))).inNamespace(ns).create();
    var service = server.client().resource(load(FIXTURES.resolve("valid-service-minimal.yaml"))).inNamespace(ns).create();
    var pool = server.client().resource(load(FIXTURES.resolve("valid-workerpool-scale-to-zero.yaml"))).inNamespace(ns).create();

    assertThat(spec(platform)).containsEntry("profile", "dev").containsEntry("deletionPolicy", "Retain");
    assertThat(spec(service))
        .containsEntry("automountServiceAccountToken", false)
        .containsEntry("health", Map.of("livenessPath", "/health/live", "readinessPath", "/health/ready"))
        .containsEntry("rollout", Map.of("maxSurge", "25%", "maxUnavailable", 0));
    assertThat(spec(pool))
        .containsEntry("scaling", Map.of("mode", "Lag", "minReplicas", 0, "maxReplicas", 3, "lagPerReplica", 100,
            "pollInterval", "5s", "scaleDownStabilization", "300s"))
        .containsEntry("shutdown", Map.of("gracePeriodSeconds", 60));
    assertThat((Object) pool.get("spec", "queue", "retry")).isEqualTo(Map.of("attempts", 3));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @TestFactory
  Stream<DynamicTest> invalidFixturesAreRejectedWithTheirMessage() throws IOException {
    List<Path> invalid = fixtures("invalid-");
    assertThat(invalid).as("the battery of invalid custom resources").hasSizeGreaterThanOrEqualTo(20);
    return invalid.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      String expected = expectedMessage(file);
      assertThatThrownBy(() -> server.client().resource(load(file)).inNamespace(namespace).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getMessage()).isEqualTo(expected);
          });
    }));
  }

  static List<Path> fixtures(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  static GenericKubernetesResource load(Path file) throws IOException {
    return server.client().getKubernetesSerialization().unmarshal(Files.readString(file), GenericKubernetesResource.class);
  }

  static String expectedMessage(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).as("%s must start with '# expect: <message>'", file.getFileName()).startsWith("# expect: ");
    return first.substring("# expect: ".length());
  }
}
