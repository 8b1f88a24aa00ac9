package dev.keelson.operator.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keelson.operator.mongodb.MongoModel;
import dev.keelson.operator.redis.RedisModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OLM bundle of a Keelson release (bundle/) and the file-based catalog of every release
 * (olm/catalog/), made from the repository itself: the hand-written half of the
 * ClusterServiceVersion in olm/csv-base.yaml, the CRDs of crds/ (copied byte for byte), the
 * examples of samples/, and the ServiceAccount, RBAC and Deployment of deploy/keelson-operator.yaml
 * (so the CSV grants exactly what deploy/ grants). {@code hack/update-bundle.sh} writes them;
 * {@link OlmBundleUpToDateTest} fails when the checked-in files drift.
 */
public final class OlmBundle {
  public static final String PACKAGE = "keelson-operator";
  public static final List<String> CHANNELS = List.of("alpha", "stable");
  public static final String DEFAULT_CHANNEL = "stable";
  public static final String OPERATOR_IMAGE = "quay.io/keelson/keelson-operator";
  public static final String BUNDLE_IMAGE = "quay.io/keelson/keelson-operator-bundle";
  static final String CRD_GROUP = "platform.keelson.dev";
  /** The cluster-scoped resources deploy/'s rules name (every other one is namespaced). */
  static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("selfsubjectrulesreviews");

  /** A release: its version and the one it upgrades from (with the skip range that lets OLM jump from any earlier one). */
  public record Release(String version, String replaces) {
    public String csvName() {
      return PACKAGE + ".v" + version;
    }

    Optional<String> skipRange() {
      return Optional.ofNullable(replaces).map(r -> ">=" + r + " <" + version);
    }
  }

  /** Every release the catalog lists, oldest first; bundle/ holds the last. */
  public static final List<Release> RELEASES = List.of(new Release("0.1.0", null), new Release("0.2.0", "0.1.0"));

  private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Path root;

  public OlmBundle(Path repositoryRoot) {
    this.root = repositoryRoot;
  }

  public static Release latest() {
    return RELEASES.get(RELEASES.size() - 1);
  }

  /** The files of the bundle of a release, by path inside the bundle directory. */
  public Map<String, String> bundle(Release release) {
    var files = new LinkedHashMap<String, String>();
    files.put("manifests/" + PACKAGE + ".clusterserviceversion.yaml", yaml(csv(release)));
    for (Path crd : crdFiles()) files.put("manifests/" + crd.getFileName(), read(crd));
    var disruptionBudget = (ObjectNode) only(deployManifest(), "PodDisruptionBudget").deepCopy();
    ((ObjectNode) disruptionBudget.get("metadata")).remove("namespace");  // OLM creates it in the operator's namespace
    files.put("manifests/" + PACKAGE + ".poddisruptionbudget.yaml", yaml(disruptionBudget));
    files.put("metadata/annotations.yaml", yaml(obj("annotations", annotations())));
    var dockerfile = new StringBuilder("# The bundle image: quay.io/keelson/keelson-operator-bundle:v<version> (README: Publishing to OLM).\nFROM scratch\n");
    annotations().fields().forEachRemaining(e -> dockerfile.append("LABEL ").append(e.getKey()).append('=').append(e.getValue().asText()).append('\n'));
    dockerfile.append("COPY manifests /manifests/\nCOPY metadata /metadata/\n");
    files.put("bundle.Dockerfile", dockerfile.toString());
    return files;
  }

  /** The file-based catalog of every release: the package, its channels and each release's bundle by image. */
  public String catalog() {
    var documents = new ArrayList<JsonNode>();
    var base = base();
    documents.add(obj("schema", "olm.package", "name", PACKAGE, "defaultChannel", DEFAULT_CHANNEL,
        "description", base.get("shortDescription").asText(), "icon", icon()));
    for (String channel : CHANNELS) documents.add(channel(channel, RELEASES));
    for (Release release : RELEASES) documents.add(bundleReference(release, BUNDLE_IMAGE + ":v" + release.version()));
    return documents.stream().map(d -> "---\n" + yaml(d)).reduce("", String::concat);
  }

  /** The olm.channel blob of a channel holding these releases, each replacing the one before. */
  public static ObjectNode channel(String channel, List<Release> releases) {
    var entries = NODES.arrayNode();
    for (Release release : releases) {
      var entry = obj("name", release.csvName());
      if (release.replaces() != null) entry.put("replaces", PACKAGE + ".v" + release.replaces());
      release.skipRange().ifPresent(range -> entry.put("skipRange", range));
      entries.add(entry);
    }
    return obj("schema", "olm.channel", "package", PACKAGE, "name", channel, "entries", entries);
  }

  private ObjectNode bundleReference(Release release, String image) {
    var properties = NODES.arrayNode();
    properties.add(obj("type", "olm.package", "value", obj("packageName", PACKAGE, "version", release.version())));
    for (Path crd : crdFiles()) {
      var definition = readYaml(crd);
      properties.add(obj("type", "olm.gvk", "value", obj("group", CRD_GROUP, "kind", definition.at("/spec/names/kind").asText(),
          "version", definition.at("/spec/versions/0/name").asText())));
    }
    return obj("schema", "olm.bundle", "name", release.csvName(), "package", PACKAGE, "image", image, "properties", properties);
  }

  ObjectNode csv(Release release) {
    var base = base();
    var deploy = deployManifest();
    String image = OPERATOR_IMAGE + ":" + release.version();
    var annotations = obj(
        "alm-examples", examples(),
        "capabilities", base.get("capabilities").asText(),
        "categories", base.get("categories").asText(),
        "containerImage", image,
        "description", base.get("shortDescription").asText(),
        "repository", base.at("/links/0/url").asText(),
        "support", base.at("/provider/name").asText());
    release.skipRange().ifPresent(range -> annotations.put("olm.skipRange", range));
    var spec = obj(
        "displayName", base.get("displayName"),
        "description", base.get("description"),
        "version", release.version());
    if (release.replaces() != null) spec.put("replaces", PACKAGE + ".v" + release.replaces());
    spec.set("minKubeVersion", base.get("minKubeVersion"));
    spec.set("maturity", base.get("maturity"));
    spec.set("provider", base.get("provider"));
    spec.set("maintainers", base.get("maintainers"));
    spec.set("links", base.get("links"));
    spec.set("keywords", base.get("keywords"));
    spec.set("icon", NODES.arrayNode().add(icon()));
    var modes = NODES.arrayNode();
    for (String mode : List.of("OwnNamespace", "SingleNamespace", "MultiNamespace", "AllNamespaces")) {
      modes.add(obj("type", mode, "supported", true));
    }
    spec.set("installModes", modes);
    spec.set("customresourcedefinitions", obj("owned", ownedCrds(base.get("owned"))));
    spec.set("install", obj("strategy", "deployment", "spec", installSpec(deploy, image)));
    spec.set("relatedImages", NODES.arrayNode()
        .add(obj("name", "keelson-operator", "image", image))
        .add(obj("name", "redis", "image", "docker.io/library/redis:" + RedisModel.DEFAULT_VERSION))
        .add(obj("name", "mongodb", "image", "docker.io/library/mongo:" + MongoModel.DEFAULT_VERSION)));
    return obj("apiVersion", "operators.coreos.com/v1alpha1", "kind", "ClusterServiceVersion",
        "metadata", obj("name", release.csvName(), "annotations", annotations), "spec", spec);
  }

  /** The ServiceAccount's rules, cluster-wide and in the operator's namespace, and its Deployment, as deploy/ has them. */
  private static ObjectNode installSpec(List<JsonNode> deploy, String image) {
    JsonNode account = only(deploy, "ServiceAccount");
    String serviceAccount = account.at("/metadata/name").asText();
    var deployment = (ObjectNode) only(deploy, "Deployment").deepCopy();
    var container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    container.put("image", image);
    // OLM writes the OperatorGroup's target namespaces on the pod (empty for AllNamespaces).
    ((ArrayNode) container.get("env")).add(obj("name", "KEELSON_WATCH_NAMESPACES",
        "valueFrom", obj("fieldRef", obj("fieldPath", "metadata.annotations['olm.targetNamespaces']"))));
    // Rules on namespaced resources are permissions: OLM grants them in the OperatorGroup's target
    // namespaces (and the operator's own), or cluster-wide in the AllNamespaces mode; only the
    // cluster-scoped ones are clusterPermissions.
    var namespaced = NODES.arrayNode();
    var clusterScoped = NODES.arrayNode();
    for (var rules : List.of(only(deploy, "ClusterRole").get("rules"), only(deploy, "Role").get("rules"))) {
      for (JsonNode rule : rules) {
        boolean cluster = true;
        for (JsonNode resource : rule.get("resources")) cluster &= CLUSTER_SCOPED.contains(resource.asText());
        (cluster ? clusterScoped : namespaced).add(rule);
      }
    }
    return obj(
        "clusterPermissions", NODES.arrayNode().add(obj("serviceAccountName", serviceAccount, "rules", clusterScoped)),
        "permissions", NODES.arrayNode().add(obj("serviceAccountName", serviceAccount, "rules", namespaced)),
        "deployments", NODES.arrayNode().add(obj("name", deployment.at("/metadata/name").asText(),
            "label", deployment.at("/metadata/labels"), "spec", deployment.get("spec"))));
  }

  private ArrayNode ownedCrds(JsonNode owned) {
    var crds = NODES.arrayNode();
    for (Path file : crdFiles()) {
      var crd = readYaml(file);
      String kind = crd.at("/spec/names/kind").asText();
      JsonNode described = owned.get(kind);
      if (described == null) throw new IllegalStateException("olm/csv-base.yaml describes no owned CRD of kind " + kind);
      var entry = obj("name", crd.at("/metadata/name").asText(), "version", crd.at("/spec/versions/0/name").asText(), "kind", kind);
      described.fields().forEachRemaining(e -> entry.set(e.getKey(), e.getValue()));
      crds.add(entry);
    }
    return crds;
  }

  /** One example of each kind for OperatorHub's "create" forms: the quickstart's Platform and Service, the shop's first WorkerPool. */
  private String examples() {
    var examples = NODES.arrayNode();
    var quickstart = documents(root.resolve("samples/quickstart.yaml"));
    examples.add(only(quickstart, "Platform"));
    examples.add(only(quickstart, "Service"));
    examples.add(documents(root.resolve("samples/shop/workerpools.yaml")).stream()
        .filter(d -> "WorkerPool".equals(d.path("kind").asText())).findFirst().orElseThrow());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(examples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode annotations() {
    return obj(
        "operators.operatorframework.io.bundle.mediatype.v1", "registry+v1",
        "operators.operatorframework.io.bundle.manifests.v1", "manifests/",
        "operators.operatorframework.io.bundle.metadata.v1", "metadata/",
        "operators.operatorframework.io.bundle.package.v1", PACKAGE,
        "operators.operatorframework.io.bundle.channels.v1", String.join(",", CHANNELS),
        "operators.operatorframework.io.bundle.channel.default.v1", DEFAULT_CHANNEL);
  }

  private ObjectNode icon() {
    return obj("base64data", Base64.getEncoder().encodeToString(read(root.resolve("olm/icon.svg")).getBytes(StandardCharsets.UTF_8)),
        "mediatype", "image/svg+xml");
  }

  private JsonNode base() {
    return readYaml(root.resolve("olm/csv-base.yaml"));
  }

  private List<JsonNode> deployManifest() {
    return documents(root.resolve("deploy/keelson-operator.yaml"));
  }

  private List<Path> crdFiles() {
    try (Stream<Path> files = Files.list(root.resolve("crds"))) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode only(List<JsonNode> documents, String kind) {
    var matching = documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    if (matching.size() != 1) throw new IllegalStateException("expected one " + kind + ", found " + matching.size());
    return matching.get(0);
  }

  private static List<JsonNode> documents(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> d != null && !d.isMissingNode() && !d.isNull()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object node of these key/value pairs, in order; values are nodes, booleans or strings. */
  static ObjectNode obj(Object... pairs) {
    var node = NODES.objectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      if (value instanceof JsonNode json) node.set((String) pairs[i], json);
      else if (value instanceof Boolean b) node.put((String) pairs[i], b);
      else node.put((String) pairs[i], String.valueOf(value));
    }
    return node;
  }

  /**
   * For hack/olm-e2e.sh: {@code bundle VERSION DIR} writes the bundle of a release (its objects are
   * rendered into the catalog inline, so no bundle image is needed); {@code channels VERSION...}
   * prints the olm.package blob and both channels holding those releases.
   */
  public static void main(String[] args) throws IOException {
    var generator = new OlmBundle(Path.of(System.getProperty("keelson.root", ".")).toAbsolutePath());
    switch (args.length > 0 ? args[0] : "") {
      case "bundle" -> write(generator.bundle(release(args[1])), Path.of(args[2]));
      case "channels" -> {
        var releases = java.util.Arrays.stream(args).skip(1).map(OlmBundle::release).toList();
        var documents = new ArrayList<JsonNode>();
        documents.add(obj("schema", "olm.package", "name", PACKAGE, "defaultChannel", DEFAULT_CHANNEL));
        for (String channel : CHANNELS) documents.add(channel(channel, releases));
        documents.forEach(d -> System.out.print("---\n" + yaml(d)));
      }
      default -> throw new IllegalArgumentException("usage: OlmBundle bundle VERSION DIR | channels VERSION...");
    }
  }

  static Release release(String version) {
    return RELEASES.stream().filter(r -> r.version().equals(version)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no release " + version + " in " + RELEASES));
  }

  /** Writes the files of a bundle into a directory. */
  public static void write(Map<String, String> files, Path dir) throws IOException {
    for (var file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent() == null ? dir : target.getParent());
      Files.writeString(target, file.getValue());
    }
  }
}
