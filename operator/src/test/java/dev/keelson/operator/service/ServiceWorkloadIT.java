package dev.keelson.operator.service;

import dev.keelson.operator.workload.WorkloadDeploymentDependent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.GarbageCollector;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.WriteCounter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The complete workload of a Service, on a real API server. */
class ServiceWorkloadIT extends OperatorTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @BeforeEach
  void createPlatform() {
    client.resource(Fixtures.platform(namespace, "shop")).create();
  }

  @Test
  void everyObjectIsAppliedByKeelsonAndARestartWritesNothing() {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          autoscaling: {minReplicas: 2, maxReplicas: 6}
          config: {order.timeout: 30s}
          expose: {host: shop.example.com, path: /api/orders, tlsSecretName: shop-tls, rateLimit: {requestsPerMinute: 600}}
          allowFrom: [api-gateway]
        """);
    List<Class<? extends HasMetadata>> kinds = List.of(ServiceAccount.class, ConfigMap.class, Service.class, Deployment.class,
        HorizontalPodAutoscaler.class, PodDisruptionBudget.class, NetworkPolicy.class, Ingress.class);
    for (var kind : kinds) {
      String name = kind == ConfigMap.class ? "orders-config" : "orders";
      var object = await().atMost(WAIT).until(() -> client.resources(kind).inNamespace(namespace).withName(name).get(), o -> o != null);
      assertThat(object.getMetadata().getManagedFields()).as(kind.getSimpleName())
          .anySatisfy(m -> assertThat(m.getManager() + "/" + m.getOperation()).isEqualTo("keelson/Apply"));
    }
    assertThat(client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get())
        .as("the Platform's default-deny policy").isNotNull();
    DeploymentController.rollOut(client, namespace, "orders");
    var ready = awaitStatus(service, s -> Conditions.TRUE.equals(readyStatus(s)));
    assertThat(ready.url()).isEqualTo("https://shop.example.com/api/orders");

    operator.close();
    var writes = server.writeCounter();
    var before = writes.snapshot();
    operator = RunningOperator.start(server, namespace);
    await().atMost(WAIT).until(() -> operator.reconciles(service) >= 1);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> WriteCounter.delta(before, writes.snapshot()), Map::isEmpty);
  }

  @Test
  void theReplicaCountSetByTheAutoscalerSurvivesReconciles() {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          autoscaling: {minReplicas: 2, maxReplicas: 8}
        """);
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(WAIT).until(() -> deployment.get() != null && deployment.get().getSpec().getReplicas() == 2);

    // The HPA controller writes the count through the scale subresource, as a manager other than keelson.
    deployment.scale(6);
    await().atMost(WAIT).until(() -> deployment.get().getSpec().getReplicas() == 6);

    patch(service, "{\"spec\":{\"image\":\"quay.io/keelson/order-service:0.2.0\"}}");
    await().atMost(WAIT).until(() -> "quay.io/keelson/order-service:0.2.0"
        .equals(deployment.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    assertThat(deployment.get().getSpec().getReplicas()).as("the autoscaler's count").isEqualTo(6);
  }

  @Test
  void switchingOnAutoscalingNeverResetsTheDeploymentToOnePod() {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          replicas: 5
        """);
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(WAIT).until(() -> deployment.get() != null && deployment.get().getSpec().getReplicas() == 5);

    patch(service, "{\"spec\":{\"autoscaling\":{\"minReplicas\":2,\"maxReplicas\":8}}}");
    await().atMost(WAIT).until(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName("orders").get() != null);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> deployment.get().getSpec().getReplicas(), r -> r == 5);
  }

  @Test
  void aConfigChangeRollsThePodsAndRemovedPartsAreDeleted() {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          config: {order.timeout: 30s}
          expose: {host: shop.example.com}
        """);
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(WAIT).until(() -> deployment.get() != null);
    String before = checksum(deployment.get());
    assertThat(before).hasSize(64);

    patch(service, "{\"spec\":{\"config\":{\"order.timeout\":\"45s\"}}}");
    await().atMost(WAIT).until(() -> checksum(deployment.get()), c -> c != null && !c.equals(before));
    assertThat(client.configMaps().inNamespace(namespace).withName("orders-config").get().getData()).containsEntry("order.timeout", "45s");

    patch(service, "{\"spec\":{\"config\":null,\"expose\":null}}");
    await().atMost(WAIT).until(() -> client.configMaps().inNamespace(namespace).withName("orders-config").get() == null
        && client.network().v1().ingresses().inNamespace(namespace).withName("orders").get() == null);
    await().atMost(WAIT).until(() -> checksum(deployment.get()) == null);
  }

  @Test
  void aPausedServiceIsNotWrittenAndSaysSo() {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
        """);
    var deployment = client.apps().deployments().inNamespace(namespace).withName("orders");
    await().atMost(WAIT).until(() -> deployment.get() != null);

    patch(service, "{\"metadata\":{\"annotations\":{\"keelson.dev/paused\":\"true\"}}}");
    var paused = awaitStatus(service, s -> "Paused".equals(Conditions.find(s.conditions(), Conditions.READY).orElseThrow().getReason()));
    assertThat(readyStatus(paused)).isEqualTo(Conditions.UNKNOWN);
    patch(service, "{\"spec\":{\"image\":\"quay.io/keelson/order-service:0.2.0\"}}");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> image(deployment.get()), i -> i.equals("quay.io/keelson/order-service:0.1.0"));

    patch(service, "{\"metadata\":{\"annotations\":{\"keelson.dev/paused\":null}}}");
    await().atMost(WAIT).until(() -> image(deployment.get()), i -> i.equals("quay.io/keelson/order-service:0.2.0"));
  }

  @Test
  void anObjectTheApiServerRejectsIsReportedAsInvalidSpecWithItsReason() {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}
        """);
    var status = awaitStatus(service, s -> "InvalidSpec".equals(Conditions.find(s.conditions(), Conditions.READY).orElseThrow().getReason()));
    var reconciled = Conditions.find(status.conditions(), Conditions.RECONCILED).orElseThrow();
    assertThat(reconciled.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(reconciled.getMessage())
        .startsWith("the API server rejected Deployment orders: Deployment.apps \"orders\" is invalid:")
        .contains("must be less than or equal to cpu limit");
    assertThat(client.apps().deployments().inNamespace(namespace).withName("orders").get()).isNull();

    // Not retried in a loop: once the status write's own event has been handled, nothing runs again
    // until the user changes the spec.
    var last = new java.util.concurrent.atomic.AtomicLong(-1);
    await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
        .until(() -> operator.reconciles(service) == last.getAndSet(operator.reconciles(service)));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> operator.reconciles(service) == last.get());

    patch(service, "{\"spec\":{\"resources\":{\"requests\":{\"cpu\":\"500m\"}}}}");
    await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get() != null);
  }

  @Test
  void deletingTheServiceRemovesWhatItCreated() throws Exception {
    var service = create("""
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          config: {a: b}
        """);
    await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get() != null);
    try (var gc = GarbageCollector.start(server)) {
      client.resource(service).delete();
      await().atMost(Duration.ofSeconds(60)).until(() ->
          client.apps().deployments().inNamespace(namespace).withName("orders").get() == null
              && client.services().inNamespace(namespace).withName("orders").get() == null
              && client.configMaps().inNamespace(namespace).withName("orders-config").get() == null
              && client.serviceAccounts().inNamespace(namespace).withName("orders").get() == null);
    }
    assertThat(client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get())
        .as("the Platform's objects stay").isNotNull();
  }

  private KeelsonService create(String specYaml) {
    return server.create(namespace, "apiVersion: platform.keelson.dev/v1alpha1\nkind: Service\nmetadata: {name: orders}\n" + specYaml,
        KeelsonService.class);
  }

  /** Edits the Service as a user's tooling would: a JSON merge patch. */
  private void patch(KeelsonService service, String mergePatch) {
    client.resources(KeelsonService.class).inNamespace(namespace).withName(service.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private ServiceStatus awaitStatus(KeelsonService service, Predicate<ServiceStatus> condition) {
    return await().atMost(WAIT).until(() -> client.resource(service).get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }

  private static String readyStatus(ServiceStatus status) {
    return Conditions.find(status.conditions(), Conditions.READY).orElseThrow().getStatus();
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static String checksum(Deployment d) {
    var annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(WorkloadDeploymentDependent.CONFIG_CHECKSUM);
  }
}
