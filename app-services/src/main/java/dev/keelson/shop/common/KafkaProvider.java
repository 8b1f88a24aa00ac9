package dev.keelson.shop.common;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Kafka from the service's kafka binding, through quarkus-kubernetes-service-binding: its converter
 * turns {@code bootstrap-servers}, {@code securityProtocol}, {@code saslMechanism}, {@code user} and
 * {@code password} into {@code kafka.*} properties, which quarkus-kafka-client collects into its
 * {@code default-kafka-broker} configuration. What the converter does not do is done here: the full
 * name of each declared topic ({@code topic.<name>}, the Platform's prefix included), the
 * Platform's CA ({@code ca.crt}), and SCRAM-SHA-512 when the Platform's auth Secret names no
 * mechanism (Keelson's default; the converter then makes no JAAS configuration).
 */
@ApplicationScoped
public class KafkaProvider {
  private static final String DEFAULT_MECHANISM = "SCRAM-SHA-512";
  /** application.properties' kafka.bootstrap.servers when there is no kafka binding (quarkus-kafka-client wants one). */
  static final String NO_BINDING = "no-kafka-binding:9092";
  private final Map<String, Object> brokerConfig;
  private final Bindings bindings;
  private KafkaProducer<String, String> producer;

  public KafkaProvider(@Identifier("default-kafka-broker") Map<String, Object> brokerConfig, Config config) {
    this.brokerConfig = brokerConfig;
    this.bindings = new Bindings(config);
  }

  /** The full name of a topic the service declared, e.g. {@code order-events} → {@code shop.order-events}. */
  public String topic(String declared) {
    return bindings.value("kafka", "topic." + declared).orElse(declared);
  }

  /** Connection properties shared by producers and consumers (no group: each consumer names its own). */
  public Properties clientProperties() {
    var p = new Properties();
    p.putAll(brokerConfig);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    if (NO_BINDING.equals(p.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))) bindings.require("kafka", "bootstrap-servers");
    var user = bindings.value("kafka", "user");
    if (user.isPresent() && !p.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      String mechanism = (String) p.computeIfAbsent(SaslConfigs.SASL_MECHANISM, k -> DEFAULT_MECHANISM);
      String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
          : "org.apache.kafka.common.security.plain.PlainLoginModule";
      p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user.get() + "\" password=\""
          + bindings.require("kafka", "password") + "\";");
    }
    if (p.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) p.putIfAbsent(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    bindings.value("kafka", "ca.crt").ifPresent(ca -> {
      p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, ca);
    });
    return p;
  }

  /** One idempotent producer (acks=all) for the process: a record is written once, in order per key. */
  public synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      var p = clientProperties();
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
      p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) producer.close(java.time.Duration.ofSeconds(5));
  }
}
