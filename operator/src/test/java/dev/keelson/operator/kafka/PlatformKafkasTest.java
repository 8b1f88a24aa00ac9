package dev.keelson.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.Platform;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Which Kafka each of a Platform's clusters uses, and what is one Kafka. */
class PlatformKafkasTest {

  @Test
  void aClusterWithoutItsOwnUsesTheSharedOneAndAClusterWithItsOwnInheritsOnlyTheTopicSettings() {
    var platform = platform("""
        kafka: {bootstrapServers: "shared:9092", authSecretRef: {name: shared-auth}, topicPrefix: "shop.", topicDefaults: {partitions: 6}}
        clusters:
        - {name: aws, inCluster: true}
        - {name: ovh, kubeconfigSecretRef: {name: ovh, key: kubeconfig}, overrides: {kafka: {bootstrapServers: "ovh-1:9092,ovh-2:9092"}}}
        """);
    var spec = platform.getSpec();
    assertThat(PlatformKafkas.of(spec, spec.clusters().get(0).overrides())).isEqualTo(spec.kafka());
    var own = PlatformKafkas.of(spec, spec.clusters().get(1).overrides());
    assertThat(own.bootstrapServers()).isEqualTo("ovh-1:9092,ovh-2:9092");
    assertThat(own.topicPrefix()).isEqualTo("shop.");
    assertThat(own.topicDefaults().partitions()).isEqualTo(6);
    assertThat(own.authSecretRef()).as("another Kafka's credentials are not this one's").isNull();

    var all = PlatformKafkas.all(platform);
    assertThat(all).extracting(k -> k.bootstrapServers() + (k.shared() ? " shared " : " own ") + k.clusters())
        .containsExactly("shared:9092 shared [aws]", "ovh-1:9092,ovh-2:9092 own [ovh]");
    assertThat(PlatformKafkas.conflict(spec)).isEmpty();
  }

  @Test
  void clustersNamingTheSameServersShareOneKafkaAndMustAgreeOnItsSettings() {
    var agreeing = platform("""
        clusters:
        - {name: a, inCluster: true, overrides: {kafka: {bootstrapServers: "eu:9092", topicPrefix: "eu."}}}
        - {name: b, kubeconfigSecretRef: {name: b, key: kubeconfig}, overrides: {kafka: {bootstrapServers: "eu:9092", topicPrefix: "eu."}}}
        - {name: c, kubeconfigSecretRef: {name: c, key: kubeconfig}}
        """);
    assertThat(PlatformKafkas.all(agreeing)).extracting(k -> k.bootstrapServers() + " " + k.clusters()).containsExactly("eu:9092 [a, b]");
    assertThat(PlatformKafkas.of(agreeing.getSpec(), agreeing.getSpec().clusters().get(2).overrides())).as("c has no Kafka").isNull();
    assertThat(PlatformKafkas.any(agreeing.getSpec())).isTrue();
    assertThat(PlatformKafkas.conflict(agreeing.getSpec())).isEmpty();

    var disagreeing = platform("""
        kafka: {bootstrapServers: "eu:9092"}
        clusters:
        - {name: a, inCluster: true, overrides: {kafka: {bootstrapServers: "eu:9092", authSecretRef: {name: a-auth}}}}
        """);
    assertThat(PlatformKafkas.conflict(disagreeing.getSpec())).hasValue("spec.clusters[a].overrides.kafka and spec.kafka both name Kafka "
        + "eu:9092 but differ in authSecretRef, topicPrefix, topicDefaults or adoptedTopics; one Kafka has one set of settings");
  }

  @Test
  void withoutClustersTheOperatorsOwnUsesTheSharedKafkaAndWithoutAnyThereIsNone() {
    var shared = platform("kafka: {bootstrapServers: \"k:9092\"}\n");
    assertThat(PlatformKafkas.all(shared)).extracting(k -> k.bootstrapServers() + " " + k.clusters()).containsExactly("k:9092 [local]");
    assertThat(PlatformKafkas.prefix(shared, shared.getSpec().kafka())).isEqualTo("shop.");
    var none = platform("profile: dev\n");
    assertThat(PlatformKafkas.all(none)).isEmpty();
    assertThat(PlatformKafkas.any(none.getSpec())).isFalse();
  }

  @Test
  void theSameServersInAnotherOrderAreTheSameKafkaAndAClustersTopicDefaultsFillInFieldByField() {
    assertThat(PlatformKafkas.identity(" b:9092, a:9092,b:9092 ")).isEqualTo("a:9092,b:9092");
    var platform = platform("""
        kafka: {bootstrapServers: "a:9092,b:9092", topicDefaults: {partitions: 12, retention: 3d}}
        clusters:
        - {name: aws, inCluster: true}
        - {name: ovh, kubeconfigSecretRef: {name: ovh, key: kubeconfig}, overrides: {kafka: {bootstrapServers: "b:9092, a:9092"}}}
        - {name: gra, kubeconfigSecretRef: {name: gra, key: kubeconfig},
           overrides: {kafka: {bootstrapServers: "gra:9092", topicDefaults: {replicationFactor: 1}}}}
        """);
    assertThat(PlatformKafkas.all(platform)).extracting(k -> k.id() + " " + k.clusters())
        .containsExactly("a:9092,b:9092 [aws, ovh]", "gra:9092 [gra]");
    assertThat(PlatformKafkas.conflict(platform.getSpec())).as("the same Kafka with the same settings").isEmpty();
    var gra = PlatformKafkas.of(platform.getSpec(), platform.getSpec().clusters().get(2).overrides());
    assertThat(gra.topicDefaults()).isEqualTo(new dev.keelson.operator.api.v1alpha1.KafkaSpec.TopicDefaults(12, 1, "3d"));
  }

  @Test
  void theSharedKafkasStatusStaysItsOwnWhenItsServerListIsEdited() {
    var platform = platform("kafka: {bootstrapServers: \"a:9092,b:9092,c:9092\"}\n");
    var shared = new dev.keelson.operator.api.v1alpha1.KafkaStatus("a:9092,b:9092", java.util.List.of("local"), true, "TopicsReady",
        "2 topic(s) as declared", null, java.util.List.of());
    var own = new dev.keelson.operator.api.v1alpha1.KafkaStatus("gra:9092", java.util.List.of("gra"), true, "TopicsReady", "", null,
        java.util.List.of());
    platform.setStatus(new dev.keelson.operator.api.v1alpha1.PlatformStatus(1L, null, null, null, shared, java.util.List.of(own), null, null, null));
    assertThat(TopicReadiness.status(platform, "c:9092,b:9092,a:9092")).as("the topics Keelson manages there are still its").isSameAs(shared);
    assertThat(TopicReadiness.status(platform, "gra:9092")).isSameAs(own);
    assertThat(TopicReadiness.status(platform, "other:9092")).isNull();
  }

  private static Platform platform(String spec) {
    return Serialization.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: shop, uid: u-1}
        spec:
        """ + spec.indent(2), Platform.class);
  }
}
