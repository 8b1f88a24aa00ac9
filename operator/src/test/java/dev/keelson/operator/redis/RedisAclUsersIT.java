package dev.keelson.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static dev.keelson.operator.testing.StatusAssert.ready;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RedisServer;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.StatefulSetController;
import dev.keelson.operator.testing.WriteCounter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Platform's Redis objects on a real API server, and its workloads' ACL users on a real
 * redis-server that stands in for the Redis pods (the API server runs no pods).
 */
class RedisAclUsersIT extends OperatorTest {
  RedisServer redis;

  @Override
  protected RunningOperator startOperator(String namespace) {
    redis = RedisServer.start();
    return RunningOperator.start(server, namespace, List.of(redis.node()));
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void aWorkloadGetsAnAclUserLimitedToItsPrefixAndItsCredentialsInItsBinding() {
    startPlatformWithRedis();
    createService("orders", "orders");

    var status = awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    assertThat(status.reason()).isEqualTo(Reason.USERS_READY.toString());
    assertThat(redis.users()).contains("service.orders");
    var binding = awaitSecretWith("orders-binding", "redis.username");
    String username = GeneratedSecrets.value(binding, "redis.username");
    String password = GeneratedSecrets.value(binding, "redis.password");
    assertThat(username).isEqualTo("service.orders");
    assertThat(GeneratedSecrets.value(binding, "redis.host")).isEqualTo("shop-redis." + namespace + ".svc");
    try (var jedis = redis.jedisAs(username, password)) {
      assertThat(jedis.set("orders:1", "paid")).isEqualTo("OK");
      assertThatThrownBy(() -> jedis.set("users:1", "x")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> jedis.flushAll()).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
    }

    DeploymentController.rollOut(client, namespace, "orders");
    var service = awaitService("orders", s -> Conditions.TRUE.equals(ready(s).getStatus()));
    assertThat(service.bindingSecretName()).isEqualTo("orders-binding");
    var pod = client.apps().deployments().inNamespace(namespace).withName("orders").get().getSpec().getTemplate();
    assertThat(pod.getMetadata().getLabels()).containsEntry(RedisNetworkPolicyDependent.USES_REDIS_LABEL, "true");
    assertThat(client.network().networkPolicies().inNamespace(namespace).withName("shop-redis").get()).isNotNull();
  }

  @Test
  void aWorkloadsUserCannotReachPastItsPrefix() {
    startPlatformWithRedis();
    createService("orders", "orders");
    createService("payments", "payments");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 2);
    var payments = awaitSecretWith("payments-binding", "redis.username");
    try (var victim = redis.jedisAs(GeneratedSecrets.value(payments, "redis.username"), GeneratedSecrets.value(payments, "redis.password"))) {
      victim.set("payments:card:1", "4111");
      victim.eval("return 1");
    }
    var orders = awaitSecretWith("orders-binding", "redis.username");
    try (var attacker = redis.jedisAs(GeneratedSecrets.value(orders, "redis.username"), GeneratedSecrets.value(orders, "redis.password"))) {
      assertThat(attacker.set("orders:1", "paid")).isEqualTo("OK");
      assertThat(attacker.get("orders:1")).isEqualTo("paid");
      List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> beyond = List.of(
          () -> attacker.get("payments:card:1"),
          () -> attacker.keys("*"),
          () -> attacker.scan("0"),
          () -> attacker.randomKey(),
          () -> attacker.dbSize(),
          () -> attacker.flushAll(),
          () -> attacker.flushDB(),
          () -> attacker.scriptFlush(),
          () -> attacker.functionLoad("#!lua name=x\nredis.register_function('x', function() return 1 end)"),
          () -> attacker.functionList(),
          () -> attacker.pubsubChannels(),
          () -> attacker.pubsubNumSub("payments:events"),
          () -> attacker.publish("payments:events", "forged"),
          () -> attacker.sort("orders:list", new redis.clients.jedis.params.SortingParams().by("payments:*")),
          () -> attacker.eval("return redis.call('get', 'payments:card:1')"),
          () -> attacker.configGet("*"),
          () -> attacker.clientList(),
          () -> attacker.info(),
          () -> attacker.sendCommand(Protocol.Command.CLIENT, "TRACKING", "on", "BCAST"));
      for (var command : beyond) {
        assertThatThrownBy(command).isInstanceOf(JedisDataException.class)
            .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("NOPERM", "can't access"));
      }
    }
    try (var victim = redis.jedisAs(GeneratedSecrets.value(payments, "redis.username"), GeneratedSecrets.value(payments, "redis.password"))) {
      assertThat(victim.get("payments:card:1")).isEqualTo("4111");
    }
  }

  @Test
  void aSecondWorkloadAskingForAKeyPrefixThatIsTakenGetsNoUser() {
    startPlatformWithRedis();
    createService("orders", "orders");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    createService("intruder", "orders");

    var platform = await().atMost(Duration.ofSeconds(30)).until(
        () -> client.resources(Platform.class).inNamespace(namespace).withName("shop").get(),
        p -> p.getStatus() != null && p.getStatus().refusedUses() != null);
    assertThat(platform.getStatus().refusedUses()).containsExactly(new dev.keelson.operator.api.v1alpha1.RefusedUse("Service", "intruder",
        "redis", "RedisKeyPrefixInUse", "Redis key prefix orders belongs to Service orders; choose another uses.redis.keyPrefix"));
    var status = awaitService("intruder", s -> "RedisKeyPrefixInUse".equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("Redis key prefix orders belongs to Service orders; choose another uses.redis.keyPrefix");
    assertThat(redis.users()).contains("service.orders").doesNotContain("service.intruder");

    // Asking for a prefix of its own, it gets its user.
    client.resources(KeelsonService.class).inNamespace(namespace).withName("intruder").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"uses\":{\"redis\":{\"keyPrefix\":\"intruder\"}}}}");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 2);
    assertThat(redis.users()).contains("service.orders", "service.intruder");
  }

  @Test
  void aProdPlatformsRedisWithSentinelsIsAcceptedAndARestartWritesNothing() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: prod
          redis: {}
        """, Platform.class);
    createService("orders", "orders");
    var auth = awaitSecret("shop-redis-auth");
    redis.requirePassword(GeneratedSecrets.value(auth, RedisAuth.PASSWORD_KEY));
    StatefulSetController.rollOut(client, namespace, "shop-redis");
    StatefulSetController.rollOut(client, namespace, "shop-redis-sentinel");
    assertThat(client.apps().statefulSets().inNamespace(namespace).withName("shop-redis").get().getSpec().getReplicas()).isEqualTo(3);
    assertThat(client.services().inNamespace(namespace).withName("shop-redis-sentinel").get()).isNotNull();
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("shop-redis").get()).isNotNull();
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    DeploymentController.rollOut(client, namespace, "orders");
    awaitService("orders", s -> Conditions.TRUE.equals(ready(s).getStatus()));
    var binding = awaitSecretWith("orders-binding", "redis.sentinel.master");
    assertThat(GeneratedSecrets.value(binding, "redis.sentinel.master")).isEqualTo("shop");

    var platform = client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
    var service = client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").get();
    operator.close();
    var writes = server.writeCounter();
    var before = writes.snapshot();
    operator = RunningOperator.start(server, namespace, List.of(redis.node()));
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles(service) >= 1 && operator.reconciles(platform) >= 1);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> WriteCounter.delta(before, writes.snapshot()), java.util.Map::isEmpty);
  }

  @Test
  void withThePlatformsCaRedisServesOnlyTlsAndKeelsonAndTheWorkloadsTrustIt() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: dev
          security: {tls: {enabled: true}}
          redis: {}
        """, Platform.class);
    var certificate = awaitSecret("shop-redis-tls");
    assertThat(dev.keelson.operator.pki.CertificateAuthority.dnsNames(dev.keelson.operator.pki.CertificateSecrets.certificate(certificate)))
        .contains("shop-redis." + namespace + ".svc", "*.shop-redis-headless." + namespace + ".svc");
    // The redis-server stands in for the Redis pod: it serves the certificate the Platform's CA issued.
    redis.restartWithTls(GeneratedSecrets.value(certificate, "tls.crt"), GeneratedSecrets.value(certificate, "tls.key"),
        GeneratedSecrets.value(certificate, "ca.crt"));
    var auth = awaitSecret("shop-redis-auth");
    redis.requirePassword(GeneratedSecrets.value(auth, RedisAuth.PASSWORD_KEY));
    StatefulSetController.rollOut(client, namespace, "shop-redis");
    createService("orders", "orders");

    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    assertThat(redis.answersPlaintext()).as("Redis serves only TLS").isFalse();
    var binding = awaitSecretWith("orders-binding", "redis.ssl");
    assertThat(GeneratedSecrets.value(binding, "redis.ssl")).isEqualTo("true");
    assertThat(redis.accepts("service.orders", GeneratedSecrets.value(binding, "redis.password"))).isTrue();
    var statefulSet = client.apps().statefulSets().inNamespace(namespace).withName("shop-redis").get();
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("keelson.dev/tls-checksum");
  }

  @Test
  void aRotationKeepsTheOldPasswordValidUntilThePodsHaveRolled() {
    startPlatformWithRedis();
    createService("orders", "orders");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    DeploymentController.rollOut(client, namespace, "orders");
    awaitService("orders", s -> Conditions.TRUE.equals(ready(s).getStatus()));
    String old = GeneratedSecrets.value(credentials("orders"), Credentials.REDIS_PASSWORD);

    client.resources(KeelsonService.class).inNamespace(namespace).withName("orders").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + Credentials.ROTATE_ANNOTATION + "\":\"2026-11-23\"}}}");
    var rotated = await().atMost(Duration.ofSeconds(20)).until(() -> credentials("orders"),
        s -> GeneratedSecrets.value(s, Credentials.REDIS_PASSWORD + Credentials.PREVIOUS) != null);
    String current = GeneratedSecrets.value(rotated, Credentials.REDIS_PASSWORD);
    assertThat(current).isNotEqualTo(old);
    assertThat(GeneratedSecrets.value(rotated, Credentials.REDIS_PASSWORD + Credentials.PREVIOUS)).isEqualTo(old);
    await().atMost(Duration.ofSeconds(20)).until(() -> redis.accepts("service.orders", current));
    assertThat(redis.accepts("service.orders", old)).as("the old password works while the pods roll").isTrue();
    assertThat(GeneratedSecrets.value(client.secrets().inNamespace(namespace).withName("orders-binding").get(), "redis.password"))
        .isEqualTo(current);

    DeploymentController.rollOut(client, namespace, "orders");
    await().atMost(Duration.ofSeconds(20)).until(() -> !redis.accepts("service.orders", old));
    assertThat(redis.accepts("service.orders", current)).isTrue();
    assertThat(credentials("orders").getData()).doesNotContainKey(Credentials.REDIS_PASSWORD + Credentials.PREVIOUS);
  }

  @Test
  void theUserOfADeletedWorkloadIsRemovedAndOthersStay() {
    startPlatformWithRedis();
    createService("orders", "orders");
    createService("users", "users");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 2);
    assertThat(redis.users()).contains("service.orders", "service.users");

    client.resources(KeelsonService.class).inNamespace(namespace).withName("users").delete();
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    assertThat(redis.users()).contains("service.orders").doesNotContain("service.users");
  }

  @Test
  void nothingIsSentToRedisWhenNothingChanged() {
    startPlatformWithRedis();
    createService("orders", "orders");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()) && r.users() == 1);
    var platform = client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
    long reconciles = operator.reconciles(platform);
    long calls = operator.redisCalls();

    client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles(platform) > reconciles);
    assertThat(operator.redisCalls()).isEqualTo(calls);
  }

  @Test
  void anUnreachableRedisIsReportedOnThePlatformAndItsWorkloads() {
    startPlatformWithRedis();
    createService("orders", "orders");
    awaitRedis(r -> Boolean.TRUE.equals(r.ready()));
    redis.close();
    // A new workload makes the Platform go to Redis again.
    createService("users", "users");

    var status = awaitRedis(r -> Reason.REDIS_UNAVAILABLE.toString().equals(r.reason()));
    assertThat(status.message()).startsWith("Redis at " + redis.node());
    var platformReady = ready(client.resources(Platform.class).inNamespace(namespace).withName("shop").get().getStatus().conditions());
    assertThat(platformReady.getReason()).isEqualTo(Reason.REDIS_UNAVAILABLE.toString());
    awaitService("users", s -> Reason.REDIS_UNAVAILABLE.toString().equals(ready(s).getReason()));
  }

  @Test
  void aWorkloadUsingRedisOnAPlatformWithoutItIsToldSo() {
    server.create(namespace, "apiVersion: platform.keelson.dev/v1alpha1\nkind: Platform\nmetadata: {name: shop}\nspec: {}\n", Platform.class);
    createService("orders", "orders");
    var status = awaitService("orders", s -> Reason.REDIS_NOT_PROVIDED.toString().equals(ready(s).getReason()));
    assertThat(ready(status).getMessage()).isEqualTo("uses.redis is set, but Platform shop has no spec.redis");
  }

  /** A dev Platform with Redis, its StatefulSet marked ready and the test's redis-server given the generated password. */
  private void startPlatformWithRedis() {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: dev
          redis: {}
        """, Platform.class);
    var auth = awaitSecret("shop-redis-auth");
    redis.requirePassword(GeneratedSecrets.value(auth, RedisAuth.PASSWORD_KEY));
    StatefulSetController.rollOut(client, namespace, "shop-redis");
  }

  private void createService(String name, String prefix) {
    createServiceUsing(name, "redis: {keyPrefix: " + prefix + "}");
  }

  private Secret credentials(String workload) {
    return client.secrets().inNamespace(namespace).withName(Credentials.secretName(workload)).get();
  }

  private RedisStatus awaitRedis(Predicate<RedisStatus> condition) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> {
      var platform = client.resources(Platform.class).inNamespace(namespace).withName("shop").get();
      return platform.getStatus() == null ? null : platform.getStatus().redis();
    }, r -> r != null && condition.test(r));
  }

  private ServiceStatus awaitService(String name, Predicate<ServiceStatus> condition) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> client.resources(KeelsonService.class).inNamespace(namespace).withName(name).get().getStatus(),
        s -> s != null && s.conditions() != null && condition.test(s));
  }
}
