package dev.keelson.operator.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.MongoTestServer;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.StatefulSetController;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Platform's MongoDB on a real API server, its replica set and users managed over the MongoDB
 * wire protocol with the real driver. No mongod can be had here: the members are one
 * mongo-java-server whose {@link dev.keelson.operator.testing.ReplicaSetTestBackend} answers the
 * replica-set and user commands, with MongoDB's rule of one member change per reconfiguration.
 */
class MongoReplicaSetIT extends OperatorTest {
  MongoTestServer mongo;

  @Override
  protected RunningOperator startOperator(String namespace) {
    mongo = MongoTestServer.start();
    return RunningOperator.withMongo(server, namespace, mongo.address());
  }

  @AfterEach
  void stopMongo() {
    mongo.close();
  }

  @Test
  void aNewReplicaSetIsInitiatedGrownOneMemberAtATimeAndWorkloadsGetTheirUsers() {
    createPlatform(3);
    createService("orders", "orders");

    var status = awaitMongo(m -> Boolean.TRUE.equals(m.ready()));
    assertThat(status.members()).isEqualTo(3);
    assertThat(status.primary()).isEqualTo(host(0));
    assertThat(mongo.backend().memberCounts()).containsExactly(1, 2, 3);
    assertThat(mongo.backend().memberHosts()).containsExactly(host(0), host(1), host(2));

    var credentials = client.secrets().inNamespace(namespace).withName("orders-credentials").get();
    String password = GeneratedSecrets.value(credentials, Credentials.MONGODB_PASSWORD);
    await().atMost(Duration.ofSeconds(20)).until(() -> password.equals(mongo.backend().users().get("orders.service.orders")));
    var binding = awaitSecretWith("orders-binding", "mongodb.uri");
    assertThat(GeneratedSecrets.value(binding, "mongodb.uri")).isEqualTo("mongodb://service.orders:" + password + "@"
        + host(0) + "," + host(1) + "," + host(2) + "/orders?replicaSet=shop-mongodb&authSource=orders");
    assertThat(GeneratedSecrets.value(binding, "mongodb.database")).isEqualTo("orders");
    assertThat(client.secrets().inNamespace(namespace).withName("shop-mongodb-keyfile").get()).isNotNull();
  }

  @Test
  void withThePlatformsCaTheMembersServeTlsAndKeelsonConnectsTrustingOnlyThatCa() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: dev
          security: {tls: {enabled: true}}
          mongodb: {}
        """, Platform.class);
    var certificate = awaitSecret("shop-mongodb-tls");
    // mongo-java-server stands in for the members: it serves the certificate the Platform's CA issued.
    mongo.restartWithTls(dev.keelson.operator.pki.CertificateAuthority.privateKey(GeneratedSecrets.value(certificate, "tls.key")),
        dev.keelson.operator.pki.CertificateSecrets.certificate(certificate));
    StatefulSetController.rollOut(client, namespace, "shop-mongodb");
    createService("orders", "orders");

    var status = awaitMongo(m -> Boolean.TRUE.equals(m.ready()) && m.users() == 1);
    assertThat(status.members()).isEqualTo(1);
    var binding = awaitSecretWith("orders-binding", "mongodb.uri");
    assertThat(GeneratedSecrets.value(binding, "mongodb.uri")).endsWith("&tls=true");
    var statefulSet = client.apps().statefulSets().inNamespace(namespace).withName("shop-mongodb").get();
    assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--tlsMode", "requireTLS");
  }

  @Test
  void threeMembersBecomeOneThroughTwoAndThePodsFollow() {
    createPlatform(3);
    awaitMongo(m -> Boolean.TRUE.equals(m.ready()) && m.members() == 3);

    patchMembers(1);
    var status = awaitMongo(m -> Boolean.TRUE.equals(m.ready()) && m.members() == 1);
    assertThat(mongo.backend().memberCounts()).containsExactly(1, 2, 3, 2, 1);
    assertThat(status.primary()).isEqualTo(host(0));
    await().atMost(Duration.ofSeconds(20)).until(
        () -> client.apps().statefulSets().inNamespace(namespace).withName("shop-mongodb").get().getSpec().getReplicas() == 1);
  }

  @Test
  void aChangeThatWouldLeaveNoHealthyMajorityIsRefusedAndReported() {
    createPlatform(3);
    awaitMongo(m -> Boolean.TRUE.equals(m.ready()) && m.members() == 3);
    mongo.backend().setHealthy(host(1), false);

    patchMembers(1);
    var status = awaitMongo(m -> Reason.MEMBER_CHANGE_REFUSED.toString().equals(m.reason()));
    assertThat(status.message()).isEqualTo("removing " + host(2) + " would leave 1 of 2 members healthy, no majority; "
        + "Keelson retries once the unhealthy members recover");
    assertThat(mongo.backend().memberHosts()).hasSize(3);
    var ready = Conditions.find(platform().getStatus().conditions(), Conditions.DEGRADED).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo(Reason.MEMBER_CHANGE_REFUSED.toString());

    mongo.backend().setHealthy(host(1), true);
    awaitMongo(m -> Boolean.TRUE.equals(m.ready()) && m.members() == 1);
  }

  @Test
  void theUserOfADeletedWorkloadIsDroppedAndNothingIsSentWhenNothingChanged() {
    createPlatform(1);
    createService("orders", "orders");
    createService("users", "users");
    awaitMongo(m -> Boolean.TRUE.equals(m.ready()) && m.users() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> mongo.backend().users().size() == 2);

    var platform = platform();
    long reconciles = operator.reconciles(platform);
    long calls = operator.mongoCalls();
    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles(platform) > reconciles);
    assertThat(operator.mongoCalls()).isEqualTo(calls);

    client.resources(KeelsonService.class).inNamespace(namespace).withName("users").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> mongo.backend().users().keySet(), u -> u.equals(java.util.Set.of("orders.service.orders")));
  }

  private void createPlatform(int members) {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: qat
          mongodb: {members: %d}
        """.formatted(members), Platform.class);
    StatefulSetController.rollOut(client, namespace, "shop-mongodb");
  }

  private void patchMembers(int members) {
    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"mongodb\":{\"members\":" + members + "}}}");
  }

  private void createService(String name, String database) {
    createServiceUsing(name, "mongodb: {database: " + database + "}");
  }

  private String host(int ordinal) {
    return "shop-mongodb-" + ordinal + ".shop-mongodb." + namespace + ".svc:27017";
  }

  private Platform platform() {
    return client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
  }

  private MongoDbStatus awaitMongo(Predicate<MongoDbStatus> condition) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> {
      var platform = platform();
      return platform.getStatus() == null ? null : platform.getStatus().mongodb();
    }, m -> m != null && condition.test(m));
  }

}
