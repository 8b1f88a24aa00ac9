package dev.keelson.operator.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.testing.RealApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No Docker engine runs here, so the Dockerfiles (the operator's, and the shop's services' in
 * app-services/) are kept right by construction: after the Maven build (this runs in the
 * integration-test phase, after both modules are packaged), every path they copy into either
 * stage exists, and each image runs as a non-root user on a JRE base.
 */
class DockerfileIT {
  static final Path ROOT = RealApiServer.repositoryRoot();
  /** Where the build stage puts the repository (its WORKDIR). */
  static final String BUILD_WORKDIR = "/src/";

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "app-services/Dockerfile"})
  void everyCopiedPathExistsAfterTheBuild(String dockerfile) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve(dockerfile));
    var sources = new ArrayList<Path>();
    for (String line : lines) {
      if (!line.startsWith("COPY ")) continue;
      List<String> words = new ArrayList<>(Arrays.asList(line.substring(5).trim().split("\\s+")));
      // From an earlier stage (the build, the storefront's Node.js stage): a path under its WORKDIR.
      boolean fromBuild = words.removeIf(w -> w.startsWith("--from="));
      words.removeIf(w -> w.startsWith("--"));
      for (String source : words.subList(0, words.size() - 1)) {
        String relative = fromBuild ? stripWorkdir(source) : source;
        sources.add(ROOT.resolve(relative));
      }
    }
    assertThat(sources).as("COPY sources in the Dockerfile").hasSizeGreaterThanOrEqualTo(7);
    assertThat(sources).allSatisfy(p -> assertThat(p).exists());
  }

  /** Maven reads every module of the reactor even for -pl: the build stage needs each module's pom. */
  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "app-services/Dockerfile"})
  void theBuildStageHasThePomOfEveryModule(String dockerfile) throws IOException {
    var modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")))
        .results().map(m -> m.group(1)).toList();
    assertThat(modules).contains("operator", "app-services");
    List<String> lines = Files.readAllLines(ROOT.resolve(dockerfile));
    for (String module : modules) {
      assertThat(lines).as("%s copies %s/pom.xml into its build stage", dockerfile, module)
          .anyMatch(l -> l.matches("COPY\\s+" + java.util.regex.Pattern.quote(module + "/pom.xml") + "\\s+" + java.util.regex.Pattern.quote(module) + "/?"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "app-services/Dockerfile"})
  void theImageRunsAsNonRootOnAJre(String dockerfile) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve(dockerfile));
    String lastFrom = lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow();
    assertThat(lastFrom).contains("-jre");
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user.substring(5).trim()).isNotIn("0", "root").matches("[1-9][0-9]*");
  }

  private static String stripWorkdir(String path) {
    assertThat(path).as("build-stage paths live under %s", BUILD_WORKDIR).startsWith(BUILD_WORKDIR);
    return path.substring(BUILD_WORKDIR.length());
  }
}
