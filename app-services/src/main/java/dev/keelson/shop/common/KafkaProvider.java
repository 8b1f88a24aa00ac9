package dev.keelson.shop.common;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Kafka from the service's kafka binding: {@code bootstrap-servers}, {@code topic.<name>} (the full
 * name of each declared topic, the Platform's prefix included), and the Platform's client
 * settings beside them ({@code security.protocol}, {@code sasl.mechanism}, {@code username},
 * {@code password}).
 */
@ApplicationScoped
public class KafkaProvider {
  private final Bindings bindings;
  private KafkaProducer<String, String> producer;

  public KafkaProvider(Config config) {
    this.bindings = Bindings.fromConfig(config);
  }

  /** The full name of a topic the service declared, e.g. {@code order-events} → {@code shop.order-events}. */
  public String topic(String declared) {
    return bindings.value("kafka", "topic." + declared).orElse(declared);
  }

  /** Connection properties shared by producers and consumers. */
  public Properties clientProperties() {
    var p = new Properties();
    p.put("bootstrap.servers", bindings.require("kafka", "bootstrap-servers"));
    bindings.value("kafka", "security.protocol").ifPresent(v -> p.put("security.protocol", v));
    var username = bindings.value("kafka", "username");
    if (username.isPresent()) {
      String mechanism = bindings.value("kafka", "sasl.mechanism").orElse("SCRAM-SHA-512");
      String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
          : "org.apache.kafka.common.security.plain.PlainLoginModule";
      p.put("sasl.mechanism", mechanism);
      p.put("sasl.jaas.config", module + " required username=\"" + username.get() + "\" password=\""
          + bindings.require("kafka", "password") + "\";");
      p.putIfAbsent("security.protocol", "SASL_SSL");
    }
    bindings.file("kafka", "ca.crt").ifPresent(ca -> {
      p.put("ssl.truststore.type", "PEM");
      p.put("ssl.truststore.location", ca.toString());
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
