package dev.keelson.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.RetainedSecrets;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.GarbageCollector;
import dev.keelson.operator.testing.OperatorTest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Secrets whose values a Platform's data holds outlive the Platform under
 * {@code deletionPolicy: Retain}, on a real API server with the real garbage collector, and are
 * never generated anew while that data is kept; a workload's deleted credentials come back from
 * its binding, so what its running pods use stays valid.
 */
class RetainedCredentialsIT extends OperatorTest {
  static final List<String> HELD_BY_DATA = List.of("shop-redis-auth", "shop-mongodb-admin", "shop-mongodb-keyfile", "shop-ca");

  @Test
  void theSecretsTheDataNeedsOutliveThePlatformAndItsSuccessorAdoptsThem() throws Exception {
    createPlatform("Retain");
    var before = new LinkedHashMap<String, Map<String, String>>();
    for (String name : HELD_BY_DATA) {
      var secret = awaitSecret(name);
      assertThat(secret.getMetadata().getOwnerReferences()).as(name).isEmpty();
      assertThat(secret.getMetadata().getLabels()).as(name).containsEntry(RetainedSecrets.LABEL, "true");
      before.put(name, secret.getData());
    }

    try (var gc = GarbageCollector.start(server)) {
      client.resources(Platform.class).inNamespace(namespace).withName("shop").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().statefulSets().inNamespace(namespace).withName("shop-redis").get() == null
          && client.resources(Platform.class).inNamespace(namespace).withName("shop").get() == null);
    }
    for (String name : HELD_BY_DATA) {
      assertThat(client.secrets().inNamespace(namespace).withName(name).get()).as(name + " after the Platform's deletion").isNotNull();
    }

    createPlatform("Retain");
    await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().statefulSets().inNamespace(namespace).withName("shop-redis").get() != null);
    for (String name : HELD_BY_DATA) {
      assertThat(client.secrets().inNamespace(namespace).withName(name).get().getData()).as(name + " of the new Platform")
          .isEqualTo(before.get(name));
    }
  }

  @Test
  void underDeleteTheSecretsGoWithThePlatform() {
    createPlatform("Delete");
    for (String name : HELD_BY_DATA) {
      var secret = awaitSecret(name);
      assertThat(secret.getMetadata().getOwnerReferences()).as(name).extracting(o -> o.getKind() + "/" + o.getName())
          .containsExactly("Platform/shop");
      assertThat(secret.getMetadata().getLabels()).as(name).doesNotContainKey(RetainedSecrets.LABEL);
    }
  }

  @Test
  void aMissingSecretWhoseDataIsKeptIsReportedAndNotMadeAnew() {
    createPlatform("Retain");
    String password = GeneratedSecrets.value(awaitSecret("shop-redis-auth"), "password");
    client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName("data-shop-redis-0").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();

    client.secrets().inNamespace(namespace).withName("shop-redis-auth").delete();
    var ready = await().atMost(Duration.ofSeconds(30)).until(() -> readyOf("shop"), c -> c != null && Reason.DATA_CREDENTIALS_MISSING.toString().equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(ready.getMessage()).contains("Secret shop-redis-auth is missing, but the data in volume claim data-shop-redis-0 needs it: "
        + "restore the Secret (e.g. from a backup), or delete the claims to start with empty data");
    assertThat(client.secrets().inNamespace(namespace).withName("shop-redis-auth").get()).isNull();

    // Once the data is gone, a new password is all right.
    client.persistentVolumeClaims().inNamespace(namespace).withName("data-shop-redis-0").delete();
    // No controller manager here: the claim's protection finalizer is lifted as its controller would once no pod uses it.
    client.persistentVolumeClaims().inNamespace(namespace).withName("data-shop-redis-0")
        .edit(c -> new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder(c).editMetadata().withFinalizers().endMetadata().build());
    var regenerated = await().atMost(Duration.ofSeconds(60)).until(() -> client.secrets().inNamespace(namespace).withName("shop-redis-auth").get(),
        s -> s != null);
    assertThat(GeneratedSecrets.value(regenerated, "password")).isNotEqualTo(password);
  }

  @Test
  void aWorkloadsDeletedCredentialsComeBackFromItsBinding() {
    createPlatform("Retain");
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: orders}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          uses: {redis: {keyPrefix: orders}, mongodb: {database: orders}}
        """, KeelsonService.class);
    var credentials = awaitSecret(Credentials.secretName("orders"));
    var binding = await().atMost(Duration.ofSeconds(30)).until(() -> client.secrets().inNamespace(namespace).withName("orders-binding").get(),
        b -> b != null && GeneratedSecrets.value(b, "mongodb.password") != null);
    assertThat(GeneratedSecrets.value(binding, "redis.password")).isEqualTo(GeneratedSecrets.value(credentials, Credentials.REDIS_PASSWORD));

    client.secrets().inNamespace(namespace).withName(Credentials.secretName("orders")).delete();
    var restored = await().atMost(Duration.ofSeconds(30)).until(
        () -> client.secrets().inNamespace(namespace).withName(Credentials.secretName("orders")).get(),
        s -> s != null && !s.getMetadata().getUid().equals(credentials.getMetadata().getUid()));
    assertThat(restored.getData()).isEqualTo(credentials.getData());
  }

  private void createPlatform(String deletionPolicy) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: dev
          redis: {}
          mongodb: {members: 1}
          security: {tls: {enabled: true}}
          deletionPolicy: %s
        """.formatted(deletionPolicy), Platform.class);
  }

  private Condition readyOf(String platform) {
    var status = client.resources(Platform.class).inNamespace(namespace).withName(platform).get().getStatus();
    if (status == null || status.conditions() == null) return null;
    return status.conditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst().orElse(null);
  }
}
