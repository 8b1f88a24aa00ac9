package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The create-only apply of an object the cache lacks, on a real API server: one request creates it
 * as an ordinary apply would (Keelson's fields under an Apply entry, so later applies can drop
 * them); an object of that name that exists is never written unless its labels name the same owner.
 */
class CreateOnlyApplyIT {
  static RealApiServer server;
  static TargetCluster cluster;

  @BeforeAll
  static void start() {
    server = RealApiServer.shared();
    cluster = new TargetCluster(TargetCluster.LOCAL, null, null, server.client(), true);
  }

  @Test
  void anAbsentObjectIsCreatedAsByAnApply() {
    String ns = server.createNamespace("create-only");
    var desired = configMap(ns, "orders-config", "Service orders", "a");

    var created = ResourceApplier.createOnly(cluster, desired);

    assertThat(desired.getMetadata().getResourceVersion()).as("the desired object is left as it was").isNull();
    assertThat(created.getMetadata().getResourceVersion()).isNotEqualTo(ResourceApplier.NO_STORED_VERSION);
    var stored = server.client().configMaps().inNamespace(ns).withName("orders-config").get();
    assertThat(stored.getData()).isEqualTo(Map.of("k", "a"));
    assertThat(stored.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ResourceApplier.FIELD_MANAGER, "Apply"));

    // A later apply without the key removes it: the create's fields are the apply's own.
    var next = configMap(ns, "orders-config", "Service orders", null);
    cluster.client().resource(next).fieldManager(ResourceApplier.FIELD_MANAGER).forceConflicts().serverSideApply();
    assertThat(server.client().configMaps().inNamespace(ns).withName("orders-config").get().getData()).isNullOrEmpty();
  }

  @Test
  void anObjectKeelsonDidNotMakeIsRefusedAndLeftAsItWas() {
    String ns = server.createNamespace("create-only");
    server.client().resource(new ConfigMapBuilder().withNewMetadata().withName("orders-config").withNamespace(ns).endMetadata()
        .addToData("k", "hand-made").build()).create();

    assertThatThrownBy(() -> ResourceApplier.createOnly(cluster, configMap(ns, "orders-config", "Service orders", "a")))
        .isInstanceOf(OwnerClaims.NameConflictException.class)
        .hasMessage("ConfigMap orders-config already exists and was not made by Keelson, which does not take it over; "
            + "rename Service orders or delete that ConfigMap first");
    var stored = server.client().configMaps().inNamespace(ns).withName("orders-config").get();
    assertThat(stored.getData()).isEqualTo(Map.of("k", "hand-made"));
    assertThat(stored.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager).doesNotContain(ResourceApplier.FIELD_MANAGER);
  }

  @Test
  void anObjectOfAnotherOwnerIsRefused() {
    String ns = server.createNamespace("create-only");
    var deployment = deployment(ns, "billing", "WorkerPool billing", "quay.io/keelson/worker:1");
    ResourceApplier.createOnly(cluster, deployment);

    assertThatThrownBy(() -> ResourceApplier.createOnly(cluster, deployment(ns, "billing", "Service billing", "quay.io/attacker/echo:1")))
        .isInstanceOf(OwnerClaims.NameConflictException.class)
        .hasMessage("Deployment billing already exists and belongs to WorkerPool billing, not to Service billing; "
            + "rename Service billing or delete WorkerPool billing first");
    assertThat(server.client().apps().deployments().inNamespace(ns).withName("billing").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage()).isEqualTo("quay.io/keelson/worker:1");
  }

  @Test
  void anObjectOfTheSameOwnerTheCacheHasNotSeenIsApplied() {
    String ns = server.createNamespace("create-only");
    ResourceApplier.createOnly(cluster, configMap(ns, "orders-config", "Service orders", "a"));

    var applied = ResourceApplier.createOnly(cluster, configMap(ns, "orders-config", "Service orders", "b"));

    assertThat(applied.getData()).isEqualTo(Map.of("k", "b"));
    assertThat(server.client().configMaps().inNamespace(ns).withName("orders-config").get().getData()).isEqualTo(Map.of("k", "b"));
  }

  private static ConfigMap configMap(String ns, String name, String owner, String value) {
    var builder = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels(owner)).endMetadata();
    if (value != null) builder.addToData("k", value);
    return builder.build();
  }

  private static Deployment deployment(String ns, String name, String owner, String image) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels(owner)).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate().endSpec().build();
  }

  private static Map<String, String> labels(String owner) {
    String[] kindAndName = owner.split(" ");
    return Map.of(KeelsonLabels.OWNER_KIND, kindAndName[0], KeelsonLabels.OWNER_NAME, kindAndName[1]);
  }
}
