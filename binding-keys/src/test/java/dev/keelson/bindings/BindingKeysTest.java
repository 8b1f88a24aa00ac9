package dev.keelson.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.kubernetes.service.binding.runtime.KubernetesServiceBindingConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.bindings.Bindings;
import org.springframework.cloud.bindings.boot.BindingsPropertiesProcessor;
import org.springframework.cloud.bindings.boot.MongoDbBindingsPropertiesProcessor;
import org.springframework.cloud.bindings.boot.RedisBindingsPropertiesProcessor;
import org.springframework.core.env.StandardEnvironment;

/**
 * The bindings Keelson generates, as a pod sees them, fed to the readers users' frameworks use:
 * quarkus-kubernetes-service-binding's converters and Spring Cloud Bindings' processors. The
 * bindings are the operator's golden files (its tests keep them what the operator writes): the
 * binding Secret and the Deployment's projected volume, whose items put each Secret key (also of
 * the Platform's Kafka auth Secret and of the Redis auth Secret) at its path under /bindings, one
 * volume per binding, laid out as the kubelet writes a projected volume.
 */
class BindingKeysTest {
  private static final Path GOLDEN = Path.of("..", "operator", "src", "test", "resources", "golden", "service");
  /** What the Secrets the operator only references hold, as a platform team would fill them. */
  private static final Map<String, String> REFERENCED = Map.of("username", "orders-app", "password", "kafka-secret",
      "sasl.mechanism", "SCRAM-SHA-512", "security.protocol", "SASL_SSL", "sentinel-client-password", "sentinel-secret",
      "ca.crt", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

  @TempDir Path bindings;

  @Test
  void kafkaWithThePlatformsAuthSecret() throws Exception {
    mount("kafka-binding-projects-auth-secret", "orders");
    var quarkus = quarkus();
    assertThat(quarkus).containsEntry("kafka.bootstrap.servers", "b-1:9096")
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("kafka.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username='orders-app' password='kafka-secret';")
        .containsEntry("quarkus.service-binding.kafka.topic.order-events", "shop.order-events");
    assertThat(spring("kafka")).containsEntry("spring.kafka.bootstrap-servers", "b-1:9096");
  }

  @Test
  void mongodbReplicaSetWithTheWorkloadsUser() throws Exception {
    mount("mongodb-binding-after-rotation", "orders");
    var mongo = read("mongodb");
    var quarkus = quarkus();
    assertThat(quarkus.get("quarkus.mongodb.connection-string"))
        .isEqualTo("mongodb://" + mongo.get("host") + "/" + mongo.get("database") + "?replicaSet=" + replicaSet(mongo.get("uri"))
            + "&authSource=" + mongo.get("database"));
    assertThat(mongo.get("host")).contains(":27017");
    assertThat(quarkus).containsEntry("quarkus.mongodb.credentials.username", mongo.get("username"))
        .containsEntry("quarkus.mongodb.credentials.password", mongo.get("password"));
    assertThat(spring("mongodb")).containsEntry("spring.data.mongodb.uri", mongo.get("uri"))
        .containsEntry("spring.data.mongodb.database", mongo.get("database"))
        .containsEntry("spring.data.mongodb.username", mongo.get("username"));
  }

  @Test
  void redisSentinelWithTheWorkloadsAclUser() throws Exception {
    mount("redis-sentinel-binding", "orders");
    var redis = read("redis");
    // Quarkus has no Redis converter: the shop reads the entries themselves, as the library gives them.
    assertThat(quarkus()).containsEntry("quarkus.service-binding.redis.username", redis.get("username"))
        .containsEntry("quarkus.service-binding.redis.sentinel.password", "sentinel-secret")
        .doesNotContainKey("quarkus.redis.hosts");
    var spring = spring("redis");
    assertThat(spring).containsEntry("spring.data.redis.sentinel.master", redis.get("sentinel.master"))
        .containsEntry("spring.data.redis.sentinel.nodes", redis.get("sentinel.nodes"))
        .containsEntry("spring.data.redis.password", redis.get("password"));
    // Spring's processor reads no username; Spring Boot takes it from the URL.
    assertThat(spring.get("spring.data.redis.url").toString()).startsWith("redis://" + redis.get("username") + ":");
  }

  /**
   * Writes the files the kubelet would project for the golden Deployment's binding volumes, as it
   * writes them: each volume at its mount path under /bindings, its files in a timestamped hidden
   * directory, {@code ..data} linking to it, and each file a link through {@code ..data}.
   */
  private void mount(String scenario, String workload) throws IOException {
    var secret = document(GOLDEN.resolve(scenario).resolve("out-Secret-" + workload + "-binding.yaml"));
    var data = new HashMap<String, String>();
    secret.path("data").fields().forEachRemaining(e -> data.put(e.getKey(),
        new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
    var pod = document(GOLDEN.resolve(scenario).resolve("out-Deployment-" + workload + ".yaml")).path("spec").path("template").path("spec");
    var mountPaths = new HashMap<String, String>();
    for (var m : pod.path("containers").get(0).path("volumeMounts")) mountPaths.put(m.path("name").asText(), m.path("mountPath").asText());
    int mounted = 0;
    for (var v : pod.path("volumes")) {
      String mountPath = mountPaths.get(v.path("name").asText());
      if (mountPath == null || !mountPath.startsWith("/bindings")) continue;
      Path dir = Files.createDirectories(bindings.resolve(mountPath.substring("/bindings".length()).replaceFirst("^/", "")));
      Path payload = Files.createDirectories(dir.resolve("..2026_12_02_21_00_00.000000001"));
      Files.createSymbolicLink(dir.resolve("..data"), payload.getFileName());
      for (var source : v.path("projected").path("sources")) {
        boolean own = source.path("secret").path("name").asText().equals(secret.path("metadata").path("name").asText());
        for (var item : source.path("secret").path("items")) {
          String key = item.path("key").asText();
          String value = own ? data.get(key) : REFERENCED.get(key);
          // An optional source's key that its Secret lacks is left out, as the kubelet does (no client certificate here).
          if (value == null && source.path("secret").path("optional").asBoolean(false)) continue;
          assertThat(value).as("a value for %s", key).isNotNull();
          String file = item.path("path").asText();
          Files.createDirectories(payload.resolve(file).getParent());
          Files.writeString(payload.resolve(file), value);
          // The kubelet links each top-level entry of the volume through ..data.
          String top = file.split("/")[0];
          if (!Files.exists(dir.resolve(top), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(dir.resolve(top), Path.of("..data", top));
          }
        }
      }
      mounted++;
    }
    assertThat(mounted).as("the binding volumes of %s", scenario).isPositive();
  }

  private Map<String, String> read(String binding) throws IOException {
    var entries = new HashMap<String, String>();
    try (var files = Files.list(bindings.resolve(binding))) {
      for (var file : files.filter(f -> !f.getFileName().toString().startsWith("..")).toList()) {
        entries.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return entries;
  }

  /**
   * What quarkus-kubernetes-service-binding makes of the binding root at a service's start: its
   * config source factory reading the root, with the converters on the classpath.
   */
  private Map<String, String> quarkus() {
    var config = new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(Map.of("quarkus.kubernetes-service-binding.root", bindings.toString()), "test", 100))
        .withSources(new KubernetesServiceBindingConfigSourceFactory())
        .build();
    var properties = new HashMap<String, String>();
    for (String name : config.getPropertyNames()) config.getOptionalValue(name, String.class).ifPresent(v -> properties.put(name, v));
    return properties;
  }

  /** What Spring Cloud Bindings' processor for the type makes of the bindings. */
  private Map<String, Object> spring(String type) throws Exception {
    BindingsPropertiesProcessor processor = switch (type) {
      case "mongodb" -> new MongoDbBindingsPropertiesProcessor();
      case "redis" -> new RedisBindingsPropertiesProcessor();
      case "kafka" -> {
        // Package-private in 2.0.x; Spring finds it through spring.factories.
        Constructor<?> constructor = Class.forName("org.springframework.cloud.bindings.boot.KafkaBindingsPropertiesProcessor")
            .getDeclaredConstructor();
        constructor.setAccessible(true);
        yield (BindingsPropertiesProcessor) constructor.newInstance();
      }
      default -> throw new IllegalArgumentException(type);
    };
    var properties = new HashMap<String, Object>();
    processor.process(new StandardEnvironment(), new Bindings(bindings.toString()), properties);
    return properties;
  }

  private static String replicaSet(String uri) {
    return uri.replaceAll(".*[?&]replicaSet=([^&]+).*", "$1");
  }

  private static JsonNode document(Path file) throws IOException {
    try (var documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      List<JsonNode> all = new ArrayList<>();
      while (documents.hasNext()) all.add(documents.next());
      return all.stream().filter(d -> !d.isEmpty()).findFirst().orElseThrow();
    }
  }
}
