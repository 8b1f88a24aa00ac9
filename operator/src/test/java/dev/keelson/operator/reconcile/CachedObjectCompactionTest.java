package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CachedObjectCompactionTest {
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  static String deployment(String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: shop
          uid: 6c1e0a7e-%s
          resourceVersion: "4711"
          labels: {app.kubernetes.io/managed-by: keelson, app.kubernetes.io/name: %s}
          managedFields:
          - {manager: keelson, operation: Apply, apiVersion: apps/v1, fieldsType: FieldsV1, fieldsV1: {f:spec: {f:replicas: {}}}}
        spec:
          replicas: 2
          selector: {matchLabels: {app.kubernetes.io/name: %s}}
          template:
            metadata: {labels: {app.kubernetes.io/name: %s}}
            spec:
              containers:
              - name: app
                image: quay.io/keelson/order-service:0.1.0
                ports: [{containerPort: 8080, protocol: TCP}]
                resources: {requests: {cpu: 100m, memory: 128Mi}}
        """.formatted(name, name, name, name, name);
  }

  @Test
  void aCompactedObjectSaysExactlyWhatItSaidBefore() {
    var original = JSON.unmarshal(deployment("orders"), Deployment.class);
    var cached = JSON.unmarshal(deployment("orders"), Deployment.class);
    CompactItemStore.compactManagedFields(cached);
    CachedObjectCompaction.compact(cached);
    assertThat(JSON.asJson(cached)).isEqualTo(JSON.asJson(original));
    assertThat(cached).isEqualTo(original);
  }

  @Test
  void equalStringsOfTwoObjectsAreOneAndEmptyUnknownFieldMapsAreShared() {
    var a = JSON.unmarshal(deployment("orders"), Deployment.class);
    var b = JSON.unmarshal(deployment("payments"), Deployment.class);
    assertThat(a.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
        .as("as read from JSON: two strings").isNotSameAs(b.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    CachedObjectCompaction.compact(a);
    CachedObjectCompaction.compact(b);

    assertThat(a.getMetadata().getLabels().get("app.kubernetes.io/managed-by")).isSameAs(b.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    var containerA = a.getSpec().getTemplate().getSpec().getContainers().get(0);
    var containerB = b.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(containerA.getImage()).isSameAs(containerB.getImage());
    assertThat(containerA.getPorts().get(0).getProtocol()).isSameAs(containerB.getPorts().get(0).getProtocol());
    assertThat(containerA.getResources().getRequests().get("cpu").getFormat()).isSameAs(containerB.getResources().getRequests().get("cpu").getFormat());
    assertThat(a.getMetadata().getManagedFields().get(0).getManager()).isSameAs(b.getMetadata().getManagedFields().get(0).getManager());
    assertThat(containerA.getAdditionalProperties()).isEmpty();
    assertThat(containerA.getAdditionalProperties()).isSameAs(a.getSpec().getAdditionalProperties());
  }

  @Test
  void uniqueStringsAreNotInterned() {
    var a = JSON.unmarshal(deployment("orders"), Deployment.class);
    CachedObjectCompaction.compact(a);
    String uid = a.getMetadata().getUid();
    assertThat(interned(uid)).isFalse();
    assertThat(interned(a.getMetadata().getResourceVersion())).isFalse();
    assertThat(interned(a.getMetadata().getName())).isTrue();
  }

  /** Whether {@code s} is the JVM's canonical copy (interning an equal copy would give this very instance). */
  static boolean interned(String s) {
    return new String(s).intern() == s;
  }

  @Test
  void aSecretsCredentialsAreNeverInterned() {
    String password = UUID.randomUUID().toString();
    var secret = JSON.unmarshal("""
        apiVersion: v1
        kind: Secret
        metadata: {name: orders-credentials, namespace: shop, labels: {app.kubernetes.io/managed-by: keelson}}
        data: {password: %s}
        stringData: {token: %s}
        """.formatted(password, password), Secret.class);
    CachedObjectCompaction.compact(secret);
    assertThat(secret.getData().get("password")).isEqualTo(password);
    assertThat(interned(secret.getData().get("password"))).isFalse();
    assertThat(interned(secret.getStringData().get("token"))).isFalse();
    assertThat(secret.getMetadata().getLabels().get("app.kubernetes.io/managed-by")).isSameAs("keelson");
  }

  @Test
  void keelsonsOwnResourcesAreCompactedThroughTheirRecordsWithoutChange() {
    String yaml = """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: orders, namespace: shop}
        spec:
          platformRef: {name: shop}
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          config: {LOG_LEVEL: info}
        """;
    var original = JSON.unmarshal(yaml, KeelsonService.class);
    var cached = JSON.unmarshal(yaml, KeelsonService.class);
    CachedObjectCompaction.compact(cached);
    assertThat(JSON.asJson(cached)).isEqualTo(JSON.asJson(original));
    assertThat(cached.getSpec().image()).isEqualTo("quay.io/keelson/order-service:0.1.0");
  }

  @Test
  void listsLoseTheirSpareCapacityButNotTheirElements() {
    var a = JSON.unmarshal(deployment("orders"), Deployment.class);
    var containers = a.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).isInstanceOf(ArrayList.class);
    CachedObjectCompaction.compact(a);
    assertThat(a.getSpec().getTemplate().getSpec().getContainers()).isSameAs(containers).hasSize(1);
  }
}
