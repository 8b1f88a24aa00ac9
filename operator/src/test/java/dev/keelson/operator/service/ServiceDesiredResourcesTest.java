package dev.keelson.operator.service;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The objects a Service owns, derived from the custom resources of each scenario folder under
 * {@code golden/service/}: {@code in-platform.yaml} and {@code in-service.yaml} (and, for a cluster
 * with overrides, {@code in-cluster.yaml}; for generated passwords, {@code in-credentials.yaml}; for
 * a certificate from the Platform's CA, {@code in-tls.yaml})
 * give {@code out-<Kind>-<name>.yaml}.
 */
class ServiceDesiredResourcesTest {
  static final Path SCENARIOS = Path.of("src", "test", "resources", "golden", "service");

  @TestFactory
  Stream<DynamicTest> desiredObjectsMatchTheGoldenFiles() throws IOException {
    return GoldenFiles.scenarios(SCENARIOS).stream().map(scenario -> DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
      var platform = GoldenFiles.read(scenario, "in-platform.yaml", Platform.class);
      var service = GoldenFiles.read(scenario, "in-service.yaml", KeelsonService.class);
      var cluster = Files.exists(scenario.resolve("in-cluster.yaml"))
          ? GoldenFiles.read(scenario, "in-cluster.yaml", ClusterFixture.class).toTarget()
          : new TargetCluster(TargetCluster.LOCAL, null, null, null, true);
      var credentials = Files.exists(scenario.resolve("in-credentials.yaml"))
          ? Optional.of(GoldenFiles.read(scenario, "in-credentials.yaml", Secret.class))
          : Optional.<Secret>empty();
      var tls = Files.exists(scenario.resolve("in-tls.yaml"))
          ? Optional.of(GoldenFiles.read(scenario, "in-tls.yaml", Secret.class))
          : Optional.<Secret>empty();
      var model = ServiceModelFactory.resolve(service, platform, cluster, new KeelsonSettings("ingress-nginx"), Optional.empty(), credentials, tls);
      GoldenFiles.assertMatches(scenario, ServiceReconciler.DEPENDENTS.desired(model));
    }));
  }

  /** A target cluster as a scenario describes it. */
  record ClusterFixture(dev.keelson.operator.api.v1alpha1.ClusterTarget cluster) {
    TargetCluster toTarget() {
      return new TargetCluster(cluster.name(), cluster.labels(), cluster.overrides(), null, Boolean.TRUE.equals(cluster.inCluster()));
    }
  }
}
