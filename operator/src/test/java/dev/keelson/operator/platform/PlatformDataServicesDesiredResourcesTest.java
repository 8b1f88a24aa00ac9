package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.ClusterTarget;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.mongodb.MongoModel;
import dev.keelson.operator.mongodb.PlatformMongo;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.redis.PlatformRedis;
import dev.keelson.operator.redis.RedisModel;
import dev.keelson.operator.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The objects of a Platform's data services (Redis, MongoDB), derived from each scenario folder
 * under {@code golden/platform-data-services/}: {@code in-platform.yaml} (and {@code in-cluster.yaml}
 * for a cluster with overrides) give {@code out-<Kind>-<name>.yaml}. A Platform with
 * {@code security.tls} serves TLS from a certificate with a fixed checksum.
 */
class PlatformDataServicesDesiredResourcesTest {
  static final String TLS_CHECKSUM = "5851ffffe0f7765ae10d544ceef5be539104fef38f45b5a608731da954926966";
  static final Path SCENARIOS = Path.of("src", "test", "resources", "golden", "platform-data-services");

  @TestFactory
  Stream<DynamicTest> desiredObjectsMatchTheGoldenFiles() throws IOException {
    return GoldenFiles.scenarios(SCENARIOS).stream().map(scenario -> DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
      var platform = GoldenFiles.read(scenario, "in-platform.yaml", Platform.class);
      var cluster = new TargetCluster(TargetCluster.LOCAL, null, null, null, true);
      if (Files.exists(scenario.resolve("in-cluster.yaml"))) {
        var target = GoldenFiles.read(scenario, "in-cluster.yaml", ClusterTarget.class);
        cluster = new TargetCluster(target.name(), target.labels(), target.overrides(), null, true);
      }
      var redis = RedisModel.resolve(platform, cluster, "keelson-system");
      var mongo = MongoModel.resolve(platform, cluster, "keelson-system", 0);
      if (TlsSettings.of(platform) != null) {
        // The checksum of the certificate Secret the CA would issue; its content does not matter here.
        redis = redis.withTls(TLS_CHECKSUM);
        mongo = mongo.withTls(TLS_CHECKSUM);
      }
      var objects = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>(PlatformRedis.DEPENDENTS.desired(redis));
      objects.addAll(PlatformMongo.DEPENDENTS.desired(mongo));
      GoldenFiles.assertMatches(scenario, objects);
    }));
  }
}
