package dev.keelson.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code crds/} are what users install; they must be exactly what the API classes
 * generate. Run {@code hack/update-crds.sh} after changing the API.
 */
class CrdsUpToDateTest {
  static final Path CHECKED_IN = Path.of("..", "crds");

  @Test
  void checkedInCrdsMatchTheApiClasses() throws IOException {
    Path generated = Path.of("target", "generated-crds");
    Files.createDirectories(generated);
    try (Stream<Path> old = Files.list(generated)) {
      for (Path p : old.toList()) Files.delete(p);
    }
    CrdGeneration.generateInto(generated);

    if (Boolean.getBoolean("keelson.updateCrds")) {
      Files.createDirectories(CHECKED_IN);
      for (Path p : yamlFiles(generated)) Files.copy(p, CHECKED_IN.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    assertThat(names(yamlFiles(CHECKED_IN))).as("CRD files in crds/").isEqualTo(names(yamlFiles(generated)));
    for (Path p : yamlFiles(generated)) {
      assertThat(Files.readString(CHECKED_IN.resolve(p.getFileName())))
          .as("crds/%s is stale: run hack/update-crds.sh", p.getFileName())
          .isEqualTo(Files.readString(p));
    }
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).toList();
  }
}
