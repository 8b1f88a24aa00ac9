package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class CompactItemStoreTest {
  static final KubernetesSerialization JSON = new KubernetesSerialization();
  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: orders
        namespace: shop
        managedFields:
        - manager: keelson
          operation: Apply
          apiVersion: apps/v1
          fieldsType: FieldsV1
          fieldsV1:
            f:metadata: {f:labels: {f:app.kubernetes.io/name: {}}}
            f:spec:
              f:replicas: {}
              f:template:
                f:spec:
                  f:containers:
                    k:{"name":"app"}: {.: {}, f:image: {}, f:name: {}}
        - manager: kube-controller-manager
          operation: Update
          subresource: status
          apiVersion: apps/v1
          fieldsType: FieldsV1
          fieldsV1: {f:status: {f:replicas: {}}}
      spec: {replicas: 2}
      """;

  @Test
  void compactedTreesSerializeTheSameAndKeepTheirOrder() {
    Deployment original = JSON.unmarshal(DEPLOYMENT, Deployment.class);
    Deployment cached = JSON.unmarshal(DEPLOYMENT, Deployment.class);
    var store = new CompactItemStore<Deployment>();
    store.put(store.getKey(cached), cached);

    var tree = store.get("shop/orders").getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
    assertThat(tree).isInstanceOf(CompactItemStore.ArrayMap.class);
    assertThat(tree.keySet()).containsExactly("f:metadata", "f:spec");
    assertThat(JSON.asJson(store.get("shop/orders"))).isEqualTo(JSON.asJson(original));
  }

  @Test
  void ownershipIsStillReadFromCompactedTrees() {
    Deployment cached = JSON.unmarshal(DEPLOYMENT, Deployment.class);
    CompactItemStore.compactManagedFields(cached);
    assertThat(FieldOwnership.keelsonOwns(cached, "spec", "replicas")).isTrue();
    assertThat(FieldOwnership.keelsonOwns(cached, "status", "replicas")).as("owned by another manager").isFalse();
  }

  @Test
  void equalKeysAreOneString() {
    Deployment a = JSON.unmarshal(DEPLOYMENT, Deployment.class);
    Deployment b = JSON.unmarshal(DEPLOYMENT, Deployment.class);
    CompactItemStore.compactManagedFields(a);
    CompactItemStore.compactManagedFields(b);
    String keyA = a.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties().keySet().iterator().next();
    String keyB = b.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties().keySet().iterator().next();
    assertThat(keyA).isSameAs(keyB);
  }

  @Test
  void aSpecOnlyStoreKeepsWhatThePlatformReadsOfAWorkloadAndNothingElse() {
    var service = JSON.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata:
          name: orders
          namespace: shop
          uid: 0b5e
          resourceVersion: "12"
          generation: 3
          creationTimestamp: "2026-12-01T10:00:00Z"
          labels: {team: orders}
          annotations: {platform.keelson.dev/paused: "true"}
          finalizers: [services.platform.keelson.dev/finalizer]
          managedFields:
          - {manager: keelson, operation: Apply, apiVersion: platform.keelson.dev/v1alpha1, fieldsType: FieldsV1, fieldsV1: {f:status: {}}}
        spec:
          platformRef: {name: shop}
          image: quay.io/keelson/order-service:0.1.0
          uses: {redis: {keyPrefix: "orders:"}}
        status:
          conditions: [{type: Ready, status: "True", reason: Ready, message: ok, lastTransitionTime: "2026-12-01T10:00:01Z"}]
        """, dev.keelson.operator.api.v1alpha1.KeelsonService.class);
    String spec = JSON.asJson(service.getSpec());
    var store = CompactItemStore.<dev.keelson.operator.api.v1alpha1.KeelsonService>specOnly();
    store.put(store.getKey(service), service);

    var cached = store.get("shop/orders");
    assertThat(JSON.asJson(cached.getSpec())).isEqualTo(spec);
    assertThat(cached.getKind()).isEqualTo("Service");
    assertThat(cached.getMetadata().getGeneration()).isEqualTo(3L);
    assertThat(cached.getMetadata().getUid()).isEqualTo("0b5e");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("12");
    assertThat(cached.getMetadata().getCreationTimestamp()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(cached.getMetadata().getLabels()).containsEntry("team", "orders");
    assertThat(cached.getStatus()).isNull();
    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getMetadata().getAnnotations()).as("empty, not null: JOSDK reads them").isEmpty();
    assertThat(cached.getMetadata().getFinalizers()).isEmpty();
    assertThat(cached.getMetadata().getOwnerReferences()).isEmpty();
  }
}
