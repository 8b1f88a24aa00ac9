package dev.keelson.operator.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keelson.operator.testing.OlmTools;
import dev.keelson.operator.testing.RealApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle and the catalog judged by the ecosystem's own code: operator-framework/api's
 * validators (the default set, OperatorHub, good practices, standard capabilities and
 * categories, deprecated APIs for Kubernetes 1.37) and operator-registry's catalog validation
 * ({@code opm validate}). Each check is also shown to fail on a broken input, so a pass means something.
 */
class OlmBundleValidationIT {
  static final Path ROOT = RealApiServer.repositoryRoot();
  static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void theBundlePassesTheValidatorsOfOperatorHub() {
    var result = OlmTools.check("bundle", "--k8s-version", RealApiServer.K8S_VERSION, ROOT.resolve("bundle").toString());
    System.out.println("olm-check bundle:\n" + result.text());
    assertThat(result.exitCode()).as(result.text()).isZero();
    assertThat(result.text()).doesNotContain("ERROR");
  }

  @Test
  void aBundleWhoseCsvBreaksTheRulesIsRejected(@TempDir Path dir) throws IOException {
    var generator = new OlmBundle(ROOT);
    OlmBundle.write(generator.bundle(OlmBundle.latest()), dir);
    Path csvFile = dir.resolve("manifests/" + OlmBundle.PACKAGE + ".clusterserviceversion.yaml");
    var csv = (ObjectNode) YAML.readTree(csvFile.toFile());
    ((ObjectNode) csv.get("spec")).put("version", "not-a-version");
    Files.writeString(csvFile, YAML.writeValueAsString(csv));
    var result = OlmTools.check("bundle", dir.toString());
    assertThat(result.exitCode()).as(result.text()).isEqualTo(1);
  }

  @Test
  void theCsvGrantsExactlyWhatDeployGrantsNamespacedWhereItCanWithoutWildcards() throws IOException {
    var csv = YAML.readTree(ROOT.resolve("bundle/manifests/" + OlmBundle.PACKAGE + ".clusterserviceversion.yaml").toFile());
    List<JsonNode> deploy = YAML.readValues(YAML.getFactory().createParser(ROOT.resolve("deploy/keelson-operator.yaml").toFile()), JsonNode.class).readAll();
    JsonNode clusterRole = deploy.stream().filter(d -> "ClusterRole".equals(d.path("kind").asText())).findFirst().orElseThrow();
    JsonNode role = deploy.stream().filter(d -> "Role".equals(d.path("kind").asText())).findFirst().orElseThrow();
    var granted = new java.util.ArrayList<JsonNode>();
    csv.at("/spec/install/spec/clusterPermissions/0/rules").forEach(granted::add);
    csv.at("/spec/install/spec/permissions/0/rules").forEach(granted::add);
    var deployed = new java.util.ArrayList<JsonNode>();
    clusterRole.get("rules").forEach(deployed::add);
    role.get("rules").forEach(deployed::add);
    assertThat(granted).containsExactlyInAnyOrderElementsOf(deployed);
    assertThat(csv.at("/spec/install/spec/clusterPermissions/0/rules").toString())
        .as("cluster-wide only what is cluster-scoped").contains("selfsubjectrulesreviews").doesNotContain("secrets");
    assertThat(csv.at("/spec/install/spec").toString()).doesNotContain("\"*\"");
  }

  @Test
  void theCatalogPassesOpmValidate() {
    var result = OlmTools.check("catalog", ROOT.resolve("olm/catalog").toString());
    assertThat(result.exitCode()).as(result.text()).isZero();
  }

  @Test
  void aCatalogWhoseChannelNamesAMissingBundleIsRejected(@TempDir Path dir) throws IOException {
    String catalog = Files.readString(ROOT.resolve("olm/catalog").resolve(OlmBundle.PACKAGE).resolve("catalog.yaml"));
    Files.createDirectories(dir.resolve(OlmBundle.PACKAGE));
    Files.writeString(dir.resolve(OlmBundle.PACKAGE).resolve("catalog.yaml"),
        catalog.replace("schema: olm.bundle\nname: keelson-operator.v0.1.0\n", "schema: olm.bundle\nname: keelson-operator.v0.0.9\n"));
    var result = OlmTools.check("catalog", dir.toString());
    assertThat(result.exitCode()).as(result.text()).isEqualTo(1);
  }
}
