package dev.keelson.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static dev.keelson.operator.testing.StatusAssert.condition;
import static dev.keelson.operator.testing.StatusAssert.ready;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.RefusedUse;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.Kubectl;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What a team that may write only Services and WorkerPools can do to the Platform and to other
 * teams, tried on a real API server as an attacker would: each attack is refused, the attacker's
 * object says why, and the Platform's and the other team's objects are unchanged.
 */
class TenantIsolationIT extends OperatorTest {

  @Test
  void aServiceNamedLikeThePlatformsRedisIsRefusedAndRedisIsUntouched() {
    createPlatform("redis: {}");
    var config = await().atMost(Duration.ofSeconds(20))
        .until(() -> client.configMaps().inNamespace(namespace).withName("shop-redis-config").get(), c -> c != null);
    // The Platform applies its Redis objects one after another: the ConfigMap may come before the Service.
    var redisService = await().atMost(Duration.ofSeconds(20))
        .until(() -> client.services().inNamespace(namespace).withName("shop-redis").get(), s -> s != null);
    var policy = await().atMost(Duration.ofSeconds(20))
        .until(() -> client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get(), p -> p != null);

    for (String name : List.of("shop-redis", "shop-redis-sentinel", "shop-mongodb", "keelson-default-deny")) {
      assertThatThrownBy(() -> server.create(namespace, """
          apiVersion: platform.keelson.dev/v1alpha1
          kind: Service
          metadata: {name: %s}
          spec:
            image: quay.io/attacker/echo:1
            ports: [{name: redis, port: 6379}]
            config: {redis.sh: "echo owned"}
          """.formatted(name), KeelsonService.class))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getMessage()).contains("are reserved for the objects of a Platform's data services");
          });
    }

    assertThat(client.configMaps().inNamespace(namespace).withName("shop-redis-config").get().getData()).isEqualTo(config.getData());
    assertThat(client.services().inNamespace(namespace).withName("shop-redis").get().getSpec().getSelector())
        .isEqualTo(redisService.getSpec().getSelector());
    assertThat(client.network().networkPolicies().inNamespace(namespace).withName("keelson-default-deny").get().getSpec())
        .isEqualTo(policy.getSpec());
  }

  @Test
  void envCannotReadTheSecretsKeelsonGeneratesOrThePlatformReferences() {
    createPlatform("kafka: {bootstrapServers: \"127.0.0.1:1\", authSecretRef: {name: kafka-client}}\n  redis: {}");
    for (String secret : List.of("shop-redis-auth", "shop-ca", "orders-credentials", "orders-binding", "shop-mongodb-admin", "payments-tls")) {
      assertThatThrownBy(() -> createServiceReading("thief", secret))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
              .contains("env may not read Secrets Keelson generates"));
    }

    // A Secret the Platform references has a name of the platform team's choosing: the reconciler refuses it.
    createServiceReading("thief", "kafka-client");
    var status = awaitStatus("thief", s -> Reason.FORBIDDEN_SECRET_REFERENCE.toString().equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("env STOLEN of Service thief reads Secret kafka-client, which Platform shop "
        + "references; a workload may read only its own Secrets");
    assertThat(ready(status).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(client.apps().deployments().inNamespace(namespace).withName("thief").get()).isNull();
    assertThat(client.serviceAccounts().inNamespace(namespace).withName("thief").get()).isNull();

    // The team's own Secret keeps working.
    client.resource(new SecretBuilder().withNewMetadata().withName("shop-jwt").withNamespace(namespace).endMetadata()
        .withStringData(Map.of("key", "k")).build()).create();
    createServiceReading("honest", "shop-jwt");
    var deployment = await().atMost(Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(namespace).withName("honest").get(), d -> d != null);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-jwt"));
  }

  @Test
  void aPlatformCanAllowOnlySecretsWithItsLabel() {
    createPlatform("security: {workloadSecrets: {matchLabels: {keelson.dev/workload-readable: \"true\"}}}");
    client.resource(new SecretBuilder().withNewMetadata().withName("team-token").withNamespace(namespace).endMetadata()
        .withStringData(Map.of("password", "p")).build()).create();
    createServiceReading("reader", "team-token");
    var status = awaitStatus("reader", s -> Reason.SECRET_NOT_ALLOWED.toString().equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("env STOLEN of Service reader reads Secret team-token, which lacks the labels "
        + "Platform shop requires of Secrets workloads read (security.workloadSecrets: {keelson.dev/workload-readable=true})");
    assertThat(client.apps().deployments().inNamespace(namespace).withName("reader").get()).isNull();

    // Labelled by the platform team, it is allowed: the refusal is retried, so nothing else has to change.
    client.secrets().inNamespace(namespace).withName("team-token")
        .edit(s -> new SecretBuilder(s).editMetadata().addToLabels("keelson.dev/workload-readable", "true").endMetadata().build());
    await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments().inNamespace(namespace).withName("reader").get() != null);
  }

  @Test
  void aSecretThePlatformStartsReferencingWakesTheWorkloadsReadingIt() {
    createPlatform("redis: {}");
    createServiceReading("early", "future-kafka-client");
    await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().deployments().inNamespace(namespace).withName("early").get() != null);

    client.resources(Platform.class).inNamespace(namespace).withName("shop").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"kafka\":{\"bootstrapServers\":\"127.0.0.1:1\",\"authSecretRef\":{\"name\":\"future-kafka-client\"}}}}");
    var status = awaitStatus("early", s -> Reason.FORBIDDEN_SECRET_REFERENCE.toString().equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).contains("reads Secret future-kafka-client, which Platform shop references");
    // What Keelson applied before reads it: it does not stay running.
    await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().deployments().inNamespace(namespace).withName("early").get() == null);
  }

  @Test
  void aMongoDbDatabaseBelongsToTheFirstWorkloadUnlessBothShareIt() {
    createPlatform("mongodb: {}");
    createServiceUsing("orders", "mongodb: {database: orders}");
    awaitStatus("orders", s -> true);
    createServiceUsing("thief", "mongodb: {database: Orders}");
    createServiceUsing("reports-a", "mongodb: {database: reports, sharedWith: [reports-b]}");
    awaitStatus("reports-a", s -> true);
    createServiceUsing("reports-b", "mongodb: {database: reports}");
    createServiceUsing("reports-c", "mongodb: {database: reports, sharedWith: [reports-a]}");

    var platform = await().atMost(Duration.ofSeconds(30)).until(
        () -> client.resources(Platform.class).inNamespace(namespace).withName("shop").get(),
        p -> p.getStatus() != null && p.getStatus().refusedUses() != null && p.getStatus().refusedUses().size() == 2);
    assertThat(platform.getStatus().refusedUses()).containsExactlyInAnyOrder(
        new RefusedUse("Service", "thief", "mongodb", "MongoDbDatabaseInUse", "MongoDB database Orders belongs to Service orders; "
            + "choose another uses.mongodb.database, or have Service orders name thief in its uses.mongodb.sharedWith"),
        new RefusedUse("Service", "reports-c", "mongodb", "MongoDbDatabaseInUse", "MongoDB database reports belongs to Service reports-a; "
            + "choose another uses.mongodb.database, or have Service reports-a name reports-c in its uses.mongodb.sharedWith"));
    var thief = awaitStatus("thief", s -> "MongoDbDatabaseInUse".equals(ready(s).getReason()));
    assertThat(condition(thief, Conditions.DEGRADED).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(awaitStatus("reports-b", s -> true).conditions()).noneSatisfy(c -> assertThat(c.getReason()).isEqualTo("MongoDbDatabaseInUse"));
  }

  @Test
  void anObjectKeelsonDidNotMakeIsNeverTakenOver() {
    // The namespace's own ServiceAccount (RBAC may be bound to it), as the controller manager makes it in every namespace.
    client.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
        .withNewMetadata().withName("default").endMetadata().build()).createOr(o -> o.update());
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: default}
        spec: {image: quay.io/attacker/echo:1, automountServiceAccountToken: true}
        """, KeelsonService.class);
    createPlatform("redis: {}");
    var status = awaitStatus("default", s -> "NameConflict".equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("ServiceAccount default already exists and was not made by Keelson, which does not "
        + "take it over; rename Service default or delete that ServiceAccount first");
    assertThat(client.serviceAccounts().inNamespace(namespace).withName("default").get().getMetadata().getLabels()).isNullOrEmpty();
    assertThat(client.apps().deployments().inNamespace(namespace).withName("default").get()).isNull();
  }

  @Test
  void anObjectAnotherKeelsonOwnerHoldsIsNeverTakenOver() {
    createPlatform("redis: {}");
    // The Platform's certificate-free Redis ConfigMap, and a workload whose derived name would be the same kind and name.
    client.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("billing-config").withNamespace(namespace)
        .withLabels(Map.of("app.kubernetes.io/managed-by", "keelson", "keelson.dev/owner-kind", "Platform", "keelson.dev/owner-name", "shop"))
        .endMetadata().withData(Map.of("kept", "yes")).build()).create();
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: billing}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          config: {kept: "no"}
        """, KeelsonService.class);
    var status = awaitStatus("billing", s -> "NameConflict".equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("ConfigMap billing-config already exists and belongs to Platform shop, not to "
        + "Service billing; rename Service billing or delete Platform shop first");
    assertThat(client.configMaps().inNamespace(namespace).withName("billing-config").get().getData()).isEqualTo(Map.of("kept", "yes"));
    assertThat(client.apps().deployments().inNamespace(namespace).withName("billing").get()).isNull();
  }

  @Test
  void aTeamWithTheTeamRoleWritesItsServicesButNotThePlatformOrItsSecrets() throws Exception {
    createPlatform("redis: {}");
    awaitSecretOf("shop-redis-auth");
    var applied = Kubectl.run(server, "apply", "--server-side", "-f",
        RealApiServer.repositoryRoot().resolve("deploy").resolve("keelson-team-role.yaml").toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    var bound = Kubectl.run(server, "create", "rolebinding", "orders-team", "--clusterrole=keelson-team",
        "--serviceaccount=" + namespace + ":orders-team", "-n", namespace);
    assertThat(bound.exitCode()).as(bound.output()).isZero();

    try (var team = server.newClientAs(namespace, "orders-team")) {
      team.resource(teamService("orders")).inNamespace(namespace).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> team.resources(KeelsonService.class).inNamespace(namespace).withName("orders").get()
          .getStatus() != null);
      assertThat(team.resources(Platform.class).inNamespace(namespace).withName("shop").get().getStatus()).isNotNull();
      for (org.assertj.core.api.ThrowableAssert.ThrowingCallable forbidden : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
          () -> team.resources(Platform.class).inNamespace(namespace).withName("shop").patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"security\":{\"networkPolicy\":\"None\"}}}"),
          () -> team.secrets().inNamespace(namespace).withName("shop-redis-auth").get(),
          () -> team.configMaps().inNamespace(namespace).withName("shop-redis-config").edit(c -> c),
          () -> team.apps().deployments().inNamespace(namespace).withName("orders").get(),
          () -> team.resources(KeelsonService.class).inNamespace(namespace).withName("orders").editStatus(s -> s))) {
        assertThatThrownBy(forbidden).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      }
    }
  }

  private void awaitSecretOf(String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> client.secrets().inNamespace(namespace).withName(name).get() != null);
  }

  /** A minimal Service, as a team would write it. */
  private static KeelsonService teamService(String name) {
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: %s}
        spec: {image: quay.io/keelson/order-service:0.1.0}
        """.formatted(name), KeelsonService.class);
  }

  private void createPlatform(String dataServices) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: dev
          %s
        """.formatted(dataServices), Platform.class);
  }

  private KeelsonService createServiceReading(String name, String secret) {
    return server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: %s}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          env:
          - name: STOLEN
            valueFrom: {secretKeyRef: {name: %s, key: password}}
        """.formatted(name, secret), KeelsonService.class);
  }

  private ServiceStatus awaitStatus(String name, Predicate<ServiceStatus> condition) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> client.resources(KeelsonService.class).inNamespace(namespace).withName(name).get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }
}
