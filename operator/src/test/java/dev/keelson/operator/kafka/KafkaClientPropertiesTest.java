package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

  @Test
  void withoutASecretTheConnectionIsPlaintext() {
    assertThat(KafkaClientProperties.of("b-1:9092", Map.of()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "b-1:9092", "security.protocol", "PLAINTEXT"));
  }

  @Test
  void aUsernameMeansScramOverTls() {
    var p = KafkaClientProperties.of("b-1:9096", Map.of("username", bytes("keelson"), "password", bytes("s3\"cret"), "ca.crt", bytes("PEM")));
    assertThat(p).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"keelson\" password=\"s3\\\"cret\";")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", "PEM");
  }

  @Test
  void aClientCertificateMeansMutualTls() {
    var p = KafkaClientProperties.of("b-1:9094", Map.of("tls.crt", bytes("CERT"), "tls.key", bytes("KEY")));
    assertThat(p).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.certificate.chain", "CERT").containsEntry("ssl.keystore.key", "KEY");
  }

  @Test
  void halfACredentialIsRefusedWithAMessage() {
    assertThatThrownBy(() -> KafkaClientProperties.of("b:1", Map.of("username", bytes("u"))))
        .hasMessage("the Kafka auth Secret must hold both username and password, or neither");
    assertThatThrownBy(() -> KafkaClientProperties.of("b:1", Map.of("tls.key", bytes("k"))))
        .hasMessage("the Kafka auth Secret must hold both tls.crt and tls.key, or neither");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
