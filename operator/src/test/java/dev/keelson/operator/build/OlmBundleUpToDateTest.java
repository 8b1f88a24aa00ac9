package dev.keelson.operator.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.testing.RealApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bundle/ and olm/catalog/ are what OLM users install; they must be what {@link OlmBundle} makes of
 * the repository now (deploy/'s RBAC, crds/, samples/). Run {@code hack/update-bundle.sh} after
 * changing any of those.
 */
class OlmBundleUpToDateTest {
  static final Path ROOT = RealApiServer.repositoryRoot();
  static final Path CATALOG = ROOT.resolve("olm/catalog").resolve(OlmBundle.PACKAGE).resolve("catalog.yaml");

  @Test
  void checkedInBundleAndCatalogMatchTheRepository() throws IOException {
    var generator = new OlmBundle(ROOT);
    var files = generator.bundle(OlmBundle.latest());
    Path bundle = ROOT.resolve("bundle");
    if (Boolean.getBoolean("keelson.updateBundle")) {
      if (Files.isDirectory(bundle)) {
        try (Stream<Path> old = Files.walk(bundle)) {
          for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
      OlmBundle.write(files, bundle);
      Files.createDirectories(CATALOG.getParent());
      Files.writeString(CATALOG, generator.catalog());
    }
    assertThat(relativeFiles(bundle)).as("files in bundle/ (run hack/update-bundle.sh)").isEqualTo(files.keySet().stream().sorted().toList());
    for (var file : files.entrySet()) {
      assertThat(Files.readString(bundle.resolve(file.getKey()))).as("bundle/%s is stale: run hack/update-bundle.sh", file.getKey())
          .isEqualTo(file.getValue());
    }
    assertThat(Files.readString(CATALOG)).as("olm/catalog is stale: run hack/update-bundle.sh").isEqualTo(generator.catalog());
  }

  @Test
  void theBundlesCrdsAreByteForByteThoseOfCrds() throws IOException {
    try (Stream<Path> crds = Files.list(ROOT.resolve("crds"))) {
      for (Path crd : crds.toList()) {
        assertThat(Files.readAllBytes(ROOT.resolve("bundle/manifests").resolve(crd.getFileName()))).isEqualTo(Files.readAllBytes(crd));
      }
    }
  }

  private static List<String> relativeFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
