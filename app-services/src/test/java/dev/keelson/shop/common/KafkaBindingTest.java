package dev.keelson.shop.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.kubernetes.service.binding.runtime.KubernetesServiceBindingConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop's Kafka client settings from a kafka binding laid out as Keelson mounts it, read the way
 * the service reads it: quarkus-kubernetes-service-binding's config source and its Kafka converter,
 * then the {@code kafka.*} properties as quarkus-kafka-client hands them over. The JAAS configuration
 * is parsed by Kafka's own parser.
 */
class KafkaBindingTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  @TempDir Path root;

  @Test
  void thePlatformsMechanismCredentialsCaAndTopicsReachTheClient() throws IOException {
    var kafka = provider(Map.of("bootstrap-servers", "b-1:9096,b-2:9096", "securityProtocol", "SASL_SSL",
        "saslMechanism", "SCRAM-SHA-256", "user", "orders-app", "password", "kafka-secret", "ca.crt", CA,
        "topic.order-events", "shop.order-events"));
    var p = kafka.clientProperties();
    assertThat(p).containsEntry("bootstrap.servers", "b-1:9096,b-2:9096").containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256").containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", CA).doesNotContainKey("group.id");
    assertThat(login(p)).containsEntry("username", "orders-app").containsEntry("password", "kafka-secret")
        .containsEntry("module", "org.apache.kafka.common.security.scram.ScramLoginModule");
    assertThat(kafka.topic("order-events")).isEqualTo("shop.order-events");
    assertThat(kafka.topic("undeclared")).isEqualTo("undeclared");
  }

  @Test
  void withoutAMechanismTheClientUsesKeelsonsDefaultScramSha512() throws IOException {
    var p = provider(Map.of("bootstrap-servers", "b-1:9096", "user", "orders-app", "password", "kafka-secret")).clientProperties();
    assertThat(p).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("security.protocol", "SASL_SSL");
    assertThat(login(p)).containsEntry("username", "orders-app").containsEntry("password", "kafka-secret")
        .containsEntry("module", "org.apache.kafka.common.security.scram.ScramLoginModule");
  }

  @Test
  void aPlaintextBindingGetsNoSaslAndNoTruststore() throws IOException {
    var p = provider(Map.of("bootstrap-servers", "kafka.shop.svc:9092")).clientProperties();
    assertThat(p).containsEntry("bootstrap.servers", "kafka.shop.svc:9092")
        .doesNotContainKeys("sasl.jaas.config", "sasl.mechanism", "security.protocol", "ssl.truststore.type");
  }

  @Test
  void aServiceWithoutAKafkaBindingIsToldWhichFileIsMissing() throws IOException {
    var kafka = provider(null);
    assertThatThrownBy(kafka::clientProperties).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(root + "/kafka/bootstrap-servers").hasMessageContaining("QUARKUS_SERVICE_BINDING_KAFKA_BOOTSTRAP_SERVERS");
  }

  /** A service of the shop's configuration: the binding root and application.properties' stand-in for "no binding". */
  private KafkaProvider provider(Map<String, String> entries) throws IOException {
    if (entries != null) {
      Path dir = Files.createDirectories(root.resolve("kafka"));
      var all = new LinkedHashMap<>(entries);
      all.put("type", "kafka");
      all.put("provider", "keelson");
      for (var e : all.entrySet()) Files.writeString(dir.resolve(e.getKey()), e.getValue() + "\n");
    } else {
      Files.createDirectories(root.resolve("redis"));
      Files.writeString(root.resolve("redis").resolve("type"), "redis");
    }
    var config = new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(Map.of("quarkus.kubernetes-service-binding.root", root.toString(),
            "kafka.bootstrap.servers", KafkaProvider.NO_BINDING), "application.properties", 250))
        .withSources(new KubernetesServiceBindingConfigSourceFactory())
        .build();
    // As quarkus-kafka-client's default-kafka-broker configuration: every kafka.* property, without its prefix.
    var broker = new HashMap<String, Object>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("kafka.")) broker.put(name.substring("kafka.".length()), config.getValue(name, String.class));
    }
    return new KafkaProvider(broker, config);
  }

  private static Map<String, Object> login(Properties p) {
    var entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password((String) p.get("sasl.jaas.config"))))
        .configurationEntries();
    assertThat(entries).hasSize(1);
    AppConfigurationEntry entry = entries.get(0);
    var options = new HashMap<String, Object>(entry.getOptions());
    options.put("module", entry.getLoginModuleName());
    return options;
  }
}
