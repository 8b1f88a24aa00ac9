package dev.keelson.operator.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the operator image runs its JVM, read from the Dockerfile's last stage: the options of its
 * {@code ENTRYPOINT} between {@code java} and {@code -jar}, and its {@code ENV} settings. Benchmarks
 * start the packaged operator with exactly these, so what they measure is what the image runs.
 */
public record ImageJvm(List<String> options, Map<String, String> environment) {

  public static ImageJvm read(Path dockerfile) throws IOException {
    List<String> lines = Files.readAllLines(dockerfile);
    int lastStage = 0;
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("FROM ")) lastStage = i;
    List<String> entrypoint = null;
    var environment = new LinkedHashMap<String, String>();
    for (String line : lines.subList(lastStage, lines.size())) {
      if (line.startsWith("ENTRYPOINT ")) {
        entrypoint = new ObjectMapper().readValue(line.substring("ENTRYPOINT ".length()), new TypeReference<List<String>>() {});
      } else if (line.startsWith("ENV ")) {
        for (String setting : line.substring(4).trim().split("\\s+")) {
          int eq = setting.indexOf('=');
          if (eq <= 0) throw new IllegalStateException(dockerfile + ": ENV without KEY=value: " + line);
          environment.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
      }
    }
    if (entrypoint == null || !"java".equals(entrypoint.get(0)) || !entrypoint.contains("-jar")) {
      throw new IllegalStateException(dockerfile + ": the last stage's ENTRYPOINT is not an exec-form java -jar: " + entrypoint);
    }
    return new ImageJvm(List.copyOf(entrypoint.subList(1, entrypoint.indexOf("-jar"))), Map.copyOf(environment));
  }
}
