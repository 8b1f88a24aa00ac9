package dev.keelson.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keelson's Argo CD health check has one source, {@code argocd/health.lua}; Argo CD's layout and the
 * argocd-cm keys users install must hold exactly it. Run {@code hack/update-argocd.sh} after changing it.
 */
class ArgoCdHealthFilesTest {
  static final Path ARGOCD = Path.of("..", "argocd");
  static final List<String> KINDS = List.of("Platform", "Service", "WorkerPool");

  @Test
  void everyKindsHealthLuaAndTheArgocdCmKeysAreTheOneSource() throws IOException {
    String source = Files.readString(ARGOCD.resolve("health.lua"));
    @SuppressWarnings("unchecked")
    var data = (Map<String, String>) new YAMLMapper().readValue(ARGOCD.resolve("argocd-cm.yaml").toFile(), Map.class).get("data");
    for (String kind : KINDS) {
      var kindDir = ARGOCD.resolve("resource_customizations").resolve("platform.keelson.dev").resolve(kind);
      assertThat(Files.readString(kindDir.resolve("health.lua"))).as("%s/health.lua is stale: run hack/update-argocd.sh", kind)
          .isEqualTo(source);
      assertThat(Files.exists(kindDir.resolve("health_test.yaml"))).as("%s has Argo CD's health_test.yaml", kind).isTrue();
      assertThat(data.get("resource.customizations.health.platform.keelson.dev_" + kind))
          .as("argocd-cm.yaml's key for %s is stale: run hack/update-argocd.sh", kind).isEqualTo(source);
    }
    assertThat(data).as("one key per kind, nothing else").hasSize(KINDS.size());
  }
}
