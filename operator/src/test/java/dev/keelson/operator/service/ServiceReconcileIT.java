package dev.keelson.operator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.keelson.operator.testing.StatusAssert.condition;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.workload.PlatformLookup;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.WriteCounter;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Service custom resource becoming its Deployment and Kubernetes Service, on a real API server. */
class ServiceReconcileIT extends OperatorTest {
  @Test
  void appliesDeploymentAndServiceByServerSideApplyAndReportsReadiness() {
    var platform = client.resource(Fixtures.platform(namespace, "shop")).create();
    var service = client.resource(Fixtures.service(namespace, "orders")).create();

    var deployment = await().atMost(Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get(), d -> d != null);
    var kubeService = client.services().inNamespace(namespace).withName("orders").get();
    assertThat(kubeService).isNotNull();

    for (var owned : java.util.List.of(deployment, kubeService)) {
      assertThat(owned.getMetadata().getManagedFields())
          .as("%s is written by server-side apply as keelson", owned.getKind())
          .anySatisfy(m -> {
            assertThat(m.getManager()).isEqualTo("keelson");
            assertThat(m.getOperation()).isEqualTo("Apply");
          });
      assertThat(owned.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager).doesNotContain("fabric8-kubernetes-client");
      assertThat(owned.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
        assertThat(ref.getKind()).isEqualTo("Service");
        assertThat(ref.getApiVersion()).isEqualTo("platform.keelson.dev/v1alpha1");
        assertThat(ref.getUid()).isEqualTo(service.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
      });
      assertThat(owned.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
          "app.kubernetes.io/name", "orders",
          "app.kubernetes.io/instance", "orders",
          "app.kubernetes.io/part-of", "shop",
          "app.kubernetes.io/managed-by", "keelson"));
    }
    assertThat(deployment.getSpec().getReplicas()).as("dev profile default").isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("quay.io/keelson/order-service:0.1.0");
    assertThat(kubeService.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));

    var progressing = awaitStatus(service, s -> condition(s, Conditions.RECONCILED).getStatus().equals("True"));
    assertThat(condition(progressing, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(progressing, Conditions.READY).getReason()).isEqualTo("DeploymentProgressing");
    assertThat(progressing.observedGeneration()).isEqualTo(service.getMetadata().getGeneration());

    DeploymentController.rollOut(client, namespace, "orders");

    var ready = awaitStatus(service, s -> condition(s, Conditions.READY).getStatus().equals("True"));
    assertThat(condition(ready, Conditions.READY).getReason()).isEqualTo("Available");
    assertThat(condition(ready, Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(ready.readyReplicas()).isEqualTo(2);
    assertThat(ready.clusterSummary()).isEqualTo("1/1");
    assertThat(ready.clusters()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("local");
      assertThat(c.ready()).isTrue();
    });
    assertThat(condition(ready, Conditions.RECONCILED).getLastTransitionTime())
        .as("Reconciled did not change status, so its transition time is kept")
        .isEqualTo(condition(progressing, Conditions.RECONCILED).getLastTransitionTime());
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .filteredOn(e -> "orders".equals(e.getInvolvedObject().getName()) && "Service".equals(e.getInvolvedObject().getKind())
            && "platform.keelson.dev/v1alpha1".equals(e.getInvolvedObject().getApiVersion()))
        .extracting(e -> e.getReason())
        .as("one Event per change of readiness; a new Service progressing is not one").containsExactly("Available");
    assertThat(platform).isNotNull();
  }

  @Test
  void anOperatorRestartOverAConvergedServiceWritesNothing() {
    var platform = client.resource(Fixtures.platform(namespace, "shop")).create();
    var service = client.resource(Fixtures.service(namespace, "orders")).create();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get(), d -> d != null);
    DeploymentController.rollOut(client, namespace, "orders");
    awaitStatus(service, s -> condition(s, Conditions.READY).getStatus().equals("True"));
    await().atMost(Duration.ofSeconds(20)).until(() -> client.resource(platform).get().getStatus() != null);

    operator.close();
    WriteCounter writes = server.writeCounter();
    var before = writes.snapshot();
    operator = RunningOperator.start(server, namespace);
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles(service) >= 1 && operator.reconciles(platform) >= 1);
    // The informers deliver their initial list and then every event the first reconciles caused; give
    // any write those caused time to show, and require none.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> WriteCounter.delta(before, writes.snapshot()), Map::isEmpty);
  }

  @Test
  void aServiceWithoutPlatformSaysSoAndConvergesWhenThePlatformAppears() {
    var service = client.resource(Fixtures.service(namespace, "orders")).create();
    var waiting = awaitStatus(service, s -> s.conditions() != null);
    assertThat(condition(waiting, Conditions.READY).getReason()).isEqualTo("PlatformNotFound");
    assertThat(condition(waiting, Conditions.READY).getMessage()).isEqualTo(
        "no Platform exists in namespace " + namespace + "; create one or set spec.platformRef");
    assertThat(condition(waiting, Conditions.RECONCILED).getStatus()).isEqualTo("False");
    assertThat(client.apps().deployments().inNamespace(namespace).withName("orders").get()).isNull();

    client.resource(Fixtures.platform(namespace, "shop")).create();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get(), d -> d != null);
    awaitStatus(service, s -> condition(s, Conditions.RECONCILED).getStatus().equals("True"));
  }

  @Test
  void deletingThePlatformLeavesTheWorkloadRunningAndSaysSo() {
    var platform = client.resource(Fixtures.platform(namespace, "shop")).create();
    var service = client.resource(Fixtures.service(namespace, "orders")).create();
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment.get() != null);

    client.resource(platform).delete();
    var orphaned = awaitStatus(service, s -> Reason.PLATFORM_NOT_FOUND.toString().equals(condition(s, Conditions.READY).getReason()));
    assertThat(condition(orphaned, Conditions.RECONCILED).getStatus()).isEqualTo("False");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> deployment.get() != null && client.services().inNamespace(namespace).withName("orders").get() != null);
  }

  @Test
  void driftIsUndoneAndOtherManagersFieldsAreKept() {
    client.resource(Fixtures.platform(namespace, "shop")).create();
    client.resource(Fixtures.service(namespace, "orders")).create();
    var deployments = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(Duration.ofSeconds(20)).until(() -> deployments.get() != null);

    // Someone edits a field Keelson owns, and adds an annotation of their own (kubectl edit: an update).
    deployments.edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/image:latest");
      d.getMetadata().setAnnotations(Map.of("example.com/owner-team", "payments"));
      return d;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Deployment d = deployments.get();
      assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("quay.io/keelson/order-service:0.1.0");
      assertThat(d.getMetadata().getAnnotations()).containsEntry("example.com/owner-team", "payments");
    });

    // Someone deletes the Kubernetes Service: it comes back.
    client.services().inNamespace(namespace).withName("orders").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Service s = client.services().inNamespace(namespace).withName("orders").get();
      return s != null && s.getMetadata().getDeletionTimestamp() == null;
    });
  }

  private ServiceStatus awaitStatus(KeelsonService service, java.util.function.Predicate<ServiceStatus> condition) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> client.resource(service).get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }
}
