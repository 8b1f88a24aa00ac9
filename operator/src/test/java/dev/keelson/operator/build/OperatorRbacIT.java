package dev.keelson.operator.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.testing.KafkaBroker;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.testing.Kubectl;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.RunningOperator;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * deploy/keelson-operator.yaml gives the operator what it needs and the API server enforces it:
 * the reconcilers run as the manifest's ServiceAccount (impersonated) against a real API server
 * that authorizes with RBAC, and a Service with every kind of owned object converges.
 */
class OperatorRbacIT {
  static final String SA_NAMESPACE = "keelson-system";
  static final String SA = "keelson-operator";

  @Test
  void theManifestsClusterRoleIsEnoughToReconcileEveryOwnedKind() throws Exception {
    var server = RealApiServer.shared();
    var client = server.client();
    String namespace = server.createNamespace("rbac");

    try (var asOperator = server.newClientAs(SA_NAMESPACE, SA)) {
      assertThatThrownBy(() -> asOperator.apps().deployments().inNamespace(namespace).list())
          .as("without the manifest the ServiceAccount may do nothing: RBAC is enforced")
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
    var applied = Kubectl.run(server, "apply", "--server-side", "-f",
        RealApiServer.repositoryRoot().resolve("deploy").resolve("keelson-operator.yaml").toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();

    try (var kafka = KafkaBroker.start(); var operator = RunningOperator.startAs(server, namespace, SA_NAMESPACE, SA)) {
      server.create(namespace, """
          apiVersion: platform.keelson.dev/v1alpha1
          kind: Platform
          metadata: {name: shop}
          spec:
            profile: uat
            kafka: {bootstrapServers: "%s", topicDefaults: {partitions: 3, replicationFactor: 1}}
            redis: {}
            mongodb: {members: 3}
            security: {tls: {enabled: true}}
          """.formatted(kafka.bootstrapServers()), Platform.class);
      var service = server.create(namespace, """
          apiVersion: platform.keelson.dev/v1alpha1
          kind: Service
          metadata: {name: orders}
          spec:
            image: quay.io/keelson/order-service:0.1.0
            ports: [{name: http, port: 8080}]
            autoscaling: {minReplicas: 2, maxReplicas: 4}
            config: {a: b}
            expose: {host: shop.example.com}
            uses:
              redis: {keyPrefix: orders}
              mongodb: {database: orders}
          """, KeelsonService.class);

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var status = client.resource(service).get().getStatus();
        assertThat(status).isNotNull();
        assertThat(Conditions.find(status.conditions(), Conditions.RECONCILED).orElseThrow().getStatus())
            .as("Reconciled: %s", status.conditions()).isEqualTo(Conditions.TRUE);
      });
      assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName("orders").get()).isNotNull();
      assertThat(client.network().v1().ingresses().inNamespace(namespace).withName("orders").get()).isNotNull();
      assertThat(client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get()).isNotNull();
      // The Platform's data services and PKI: StatefulSets, generated and certificate Secrets, PDBs.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(client.apps().statefulSets().inNamespace(namespace).withName("shop-redis-sentinel").get()).isNotNull();
        assertThat(client.apps().statefulSets().inNamespace(namespace).withName("shop-mongodb").get()).isNotNull();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("shop-mongodb").get()).isNotNull();
        for (String secret : new String[] {"shop-redis-auth", "shop-mongodb-keyfile", "shop-mongodb-admin", "shop-ca", "orders-tls",
            "orders-credentials", "orders-binding"}) {
          assertThat(client.secrets().inNamespace(namespace).withName(secret).get()).as(secret).isNotNull();
        }
      });
      assertThat(client.apps().deployments().inNamespace(namespace).withName("orders").get().getSpec().getReplicas())
          .as("the replica handover").isEqualTo(2);
      // A WorkerPool: its workers' count set by the autoscaler through the Deployment's scale subresource.
      server.create(namespace, """
          apiVersion: platform.keelson.dev/v1alpha1
          kind: WorkerPool
          metadata: {name: mailer}
          spec:
            image: quay.io/keelson/notification-service:0.1.0
            queue: {topic: order-events}
            scaling: {minReplicas: 2, pollInterval: 1s}
          """, WorkerPool.class);
      await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
        var workers = client.apps().deployments().inNamespace(namespace).withName("mailer").get();
        assertThat(workers).isNotNull();
        assertThat(workers.getSpec().getReplicas()).as("set through deployments/scale").isEqualTo(2);
      });
      assertThat(client.v1().events().inNamespace(namespace).list().getItems())
          .as("Events recorded by the operator").anySatisfy(e -> assertThat(e.getReportingComponent()).isEqualTo("keelson"));
    }
  }
}
