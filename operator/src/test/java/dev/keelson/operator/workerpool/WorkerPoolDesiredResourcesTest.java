package dev.keelson.operator.workerpool;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
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
 * The objects a WorkerPool owns, derived from the custom resources of each scenario folder under
 * {@code golden/workerpool/}: {@code in-platform.yaml} and {@code in-workerpool.yaml} (and, for
 * generated passwords, {@code in-credentials.yaml}; for a certificate from the Platform's CA,
 * {@code in-tls.yaml}) give {@code out-<Kind>-<name>.yaml}.
 */
class WorkerPoolDesiredResourcesTest {
  static final Path SCENARIOS = Path.of("src", "test", "resources", "golden", "workerpool");

  @TestFactory
  Stream<DynamicTest> desiredObjectsMatchTheGoldenFiles() throws IOException {
    return GoldenFiles.scenarios(SCENARIOS).stream().map(scenario -> DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
      var platform = GoldenFiles.read(scenario, "in-platform.yaml", Platform.class);
      var pool = GoldenFiles.read(scenario, "in-workerpool.yaml", WorkerPool.class);
      var credentials = optional(scenario, "in-credentials.yaml");
      var tls = optional(scenario, "in-tls.yaml");
      var cluster = new TargetCluster(TargetCluster.LOCAL, null, null, null, true);
      var counts = new WorkerCounts(WorkerPoolScaling.of(pool.getSpec()), null, java.util.List.of(cluster.name()));
      var model = WorkerPoolModelFactory.resolve(pool, platform, cluster, new KeelsonSettings("ingress-nginx"), credentials, tls,
          counts.manual(cluster.name()), counts.floor(cluster.name()));
      GoldenFiles.assertMatches(scenario, WorkerPoolReconciler.DEPENDENTS.desired(model));
    }));
  }

  private static Optional<Secret> optional(Path scenario, String file) throws IOException {
    return Files.exists(scenario.resolve(file)) ? Optional.of(GoldenFiles.read(scenario, file, Secret.class)) : Optional.empty();
  }
}
