package dev.keelson.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Golden files: a scenario folder holds its inputs ({@code in-*.yaml}) and the objects Keelson must
 * derive from them ({@code out-<Kind>-<name>.yaml}). Run with {@code -Dkeelson.updateGolden=true}
 * to rewrite the outputs after an intended change, then review the diff.
 */
public final class GoldenFiles {
  public static final KubernetesSerialization YAML = new KubernetesSerialization();

  private GoldenFiles() {}

  public static List<Path> scenarios(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  public static <T> T read(Path scenario, String file, Class<T> type) throws IOException {
    return YAML.unmarshal(Files.readString(scenario.resolve(file)), type);
  }

  /** Compares the derived objects with the scenario's {@code out-*} files, one file per object. */
  public static void assertMatches(Path scenario, List<? extends HasMetadata> derived) throws IOException {
    Map<String, String> actual = new TreeMap<>();
    for (HasMetadata object : derived) {
      actual.put("out-" + object.getKind() + "-" + object.getMetadata().getName() + ".yaml", YAML.asYaml(object));
    }
    if (Boolean.getBoolean("keelson.updateGolden")) {
      try (Stream<Path> old = Files.list(scenario)) {
        for (Path p : old.filter(p -> p.getFileName().toString().startsWith("out-")).toList()) Files.delete(p);
      }
      for (var e : actual.entrySet()) Files.writeString(scenario.resolve(e.getKey()), e.getValue());
    }
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> files = Files.list(scenario)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("out-")).toList()) {
        expected.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    assertThat(actual.keySet()).as("objects derived for %s", scenario.getFileName()).isEqualTo(expected.keySet());
    actual.forEach((file, yaml) -> assertThat(yaml).as("%s/%s", scenario.getFileName(), file).isEqualTo(expected.get(file)));
  }
}
