package dev.keelson.operator.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client properties for the Platform's Kafka from its bootstrap servers and the optional auth
 * Secret's data. The Secret's keys (all optional): {@code security.protocol} (default
 * SASL_SSL with a username, SSL with only certificates, else PLAINTEXT), {@code sasl.mechanism}
 * (default SCRAM-SHA-512), {@code username} and {@code password}, {@code ca.crt} (PEM, the brokers'
 * CA) and {@code tls.crt} with {@code tls.key} (PEM, a client certificate for mTLS).
 */
public final class KafkaClientProperties {
  public static final String SECURITY_PROTOCOL = "security.protocol";
  public static final String SASL_MECHANISM = "sasl.mechanism";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String CA = "ca.crt";
  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";

  private KafkaClientProperties() {}

  /**
   * @param secretData the auth Secret's data, values already decoded; empty for none
   * @throws IllegalArgumentException when the Secret's content is incomplete, with a message for the user
   */
  public static Map<String, String> of(String bootstrapServers, Map<String, byte[]> secretData) {
    var p = new TreeMap<String, String>();
    p.put("bootstrap.servers", bootstrapServers);
    String username = text(secretData, USERNAME);
    String password = text(secretData, PASSWORD);
    String ca = text(secretData, CA);
    String cert = text(secretData, CERT);
    String key = text(secretData, KEY);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("the Kafka auth Secret must hold both username and password, or neither");
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("the Kafka auth Secret must hold both tls.crt and tls.key, or neither");
    }
    String protocol = text(secretData, SECURITY_PROTOCOL);
    if (protocol == null) {
      protocol = username != null ? "SASL_SSL" : (ca != null || cert != null) ? "SSL" : "PLAINTEXT";
    }
    p.put(SECURITY_PROTOCOL, protocol);
    if (username != null) {
      String mechanism = text(secretData, SASL_MECHANISM);
      mechanism = mechanism == null ? "SCRAM-SHA-512" : mechanism;
      p.put(SASL_MECHANISM, mechanism);
      String module = mechanism.equals("PLAIN")
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put("sasl.jaas.config", module + " required username=\"" + escape(username) + "\" password=\"" + escape(password) + "\";");
    }
    if (ca != null) {
      p.put("ssl.truststore.type", "PEM");
      p.put("ssl.truststore.certificates", ca);
    }
    if (cert != null) {
      p.put("ssl.keystore.type", "PEM");
      p.put("ssl.keystore.certificate.chain", cert);
      p.put("ssl.keystore.key", key);
    }
    return p;
  }

  private static String text(Map<String, byte[]> data, String key) {
    byte[] value = data.get(key);
    if (value == null) return null;
    String s = new String(value, StandardCharsets.UTF_8).strip();
    return s.isEmpty() ? null : s;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
