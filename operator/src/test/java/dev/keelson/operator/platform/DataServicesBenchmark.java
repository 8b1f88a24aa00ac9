package dev.keelson.operator.platform;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.redis.RedisAuth;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.testing.BenchmarkReport;
import dev.keelson.operator.testing.KafkaBroker;
import dev.keelson.operator.testing.MongoTestServer;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.RedisServer;
import dev.keelson.operator.testing.RunningOperator;
import dev.keelson.operator.testing.StatefulSetController;
import dev.keelson.operator.testing.WriteCounter;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The data-services benchmark (not part of the test suite; run by {@code hack/bench-data-services.sh}):
 * a Platform with Kafka, Redis and MongoDB and N consuming Services, each with a topic, a Redis
 * key prefix and a database, on a real API server, a real Kafka broker, a real redis-server and
 * mongo-java-server with the replica-set backend. Measures the time from apply to every topic,
 * ACL user and database user in place; as baseline, in the same run, plain clients doing the same
 * data-plane work (one CreateTopics batch, N ACL SETUSER, N createUser). Then counts the
 * Kubernetes writes and Kafka/Redis/MongoDB calls of reconciles that change nothing (must be 0),
 * and of a restart. Nothing here asserts a duration.
 */
class DataServicesBenchmark {
  static final int NOOP_RECONCILES = 10;

  @Test
  void run() throws Exception {
    int n = Integer.getInteger("keelson.bench.consumers", 50);
    var server = RealApiServer.dedicated();
    try (var kafka = KafkaBroker.start(); var redis = RedisServer.start(); var mongo = MongoTestServer.start()) {
      double baseline = baseline(n, kafka, redis, mongo);
      String ns = server.createNamespace("bench");
      var client = server.client();
      var writes = server.writeCounter();
      var operator = RunningOperator.withDataServices(server, ns, List.of(redis.node()), mongo.address());
      RunningOperator restarted = null;
      try {
        var before = writes.snapshot();
        long start = System.nanoTime();
        server.create(ns, """
            apiVersion: platform.keelson.dev/v1alpha1
            kind: Platform
            metadata: {name: shop}
            spec:
              profile: dev
              kafka: {bootstrapServers: "%s", topicDefaults: {partitions: 1, replicationFactor: 1}}
              redis: {}
              mongodb: {}
            """.formatted(kafka.bootstrapServers()), Platform.class);
        for (int i = 0; i < n; i++) {
          server.create(ns, """
              apiVersion: platform.keelson.dev/v1alpha1
              kind: Service
              metadata: {name: svc-%1$d}
              spec:
                image: quay.io/keelson/user-service:0.1.0
                ports: [{name: http, port: 8080}]
                uses:
                  kafka: {produces: [{topic: events-%1$d}]}
                  redis: {keyPrefix: svc-%1$d}
                  mongodb: {database: db-%1$d}
              """.formatted(i), dev.keelson.operator.api.v1alpha1.KeelsonService.class);
        }
        // Play the parts a bare API server lacks: the StatefulSet controller, and Redis taking its generated password.
        var auth = await().atMost(Duration.ofSeconds(60)).until(() -> client.secrets().inNamespace(ns).withName("shop-redis-auth").get(), s -> s != null);
        redis.requirePassword(GeneratedSecrets.value(auth, RedisAuth.PASSWORD_KEY));
        StatefulSetController.rollOut(client, ns, "shop-redis");
        StatefulSetController.rollOut(client, ns, "shop-mongodb");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> converged(client.resources(Platform.class)
            .inNamespace(ns).withName("shop").get().getStatus(), n));
        double seconds = (System.nanoTime() - start) / 1e9;
        long converging = WriteCounter.delta(before, writes.snapshot()).values().stream().mapToLong(Long::longValue).sum();

        var platform = client.resources(Platform.class).inNamespace(ns).withName("shop").get();
        var quiet = writes.snapshot();
        long[] calls = {operator.kafkaCalls(), operator.redisCalls(), operator.mongoCalls()};
        for (int i = 0; i < NOOP_RECONCILES; i++) {
          long reconciles = operator.reconciles(platform);
          client.resources(Platform.class).inNamespace(ns).withName("shop")
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"" + i + "\"}}}");
          await().atMost(Duration.ofSeconds(30)).until(() -> operator.reconciles(platform) > reconciles);
        }
        var noopWrites = WriteCounter.delta(quiet, writes.snapshot());
        noopWrites.remove("PATCH platform.keelson.dev/platforms"); // the benchmark's own label changes
        String noopCalls = (operator.kafkaCalls() - calls[0]) + " / " + (operator.redisCalls() - calls[1]) + " / " + (operator.mongoCalls() - calls[2]);

        operator.close();
        var beforeRestart = writes.snapshot();
        restarted = RunningOperator.withDataServices(server, ns, List.of(redis.node()), mongo.address());
        var again = restarted;
        await().atMost(Duration.ofSeconds(60)).until(() -> again.reconciles(platform) >= 1);
        // Give whatever the first reconciles cause time to reach the API server.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        var restartDelta = WriteCounter.delta(beforeRestart, writes.snapshot());
        if (!restartDelta.isEmpty()) System.out.println("writes after the restart: " + restartDelta);
        long restartWrites = restartDelta.values().stream().mapToLong(Long::longValue).sum();
        String restartCalls = again.kafkaCalls() + " / " + again.redisCalls() + " / " + again.mongoCalls();

        String report = "| consumers | baseline: plain clients (s) | Keelson: apply to all in place (s) | ratio | Kubernetes writes converging "
            + "| writes, Kafka / Redis / MongoDB calls in " + NOOP_RECONCILES + " no-op reconciles | restart: writes, Kafka / Redis / MongoDB calls |\n"
            + "|---|---|---|---|---|---|---|\n"
            + String.format("| %d | %.2f | %.2f | %.1f | %d | %d, %s | %d, %s |%n", n, baseline, seconds, seconds / baseline, converging,
                noopWrites.values().stream().mapToLong(Long::longValue).sum(), noopCalls, restartWrites, restartCalls);
        BenchmarkReport.publish("data-services", report);
      } finally {
        if (restarted != null) restarted.close();
        else operator.close();
      }
    } finally {
      server.stop();
    }
  }

  private static boolean converged(PlatformStatus status, int n) {
    return status != null && status.kafka() != null && Boolean.TRUE.equals(status.kafka().ready()) && status.kafka().topics() != null
        && status.kafka().topics().size() == n
        && status.redis() != null && Boolean.TRUE.equals(status.redis().ready()) && status.redis().users() == n
        && status.mongodb() != null && Boolean.TRUE.equals(status.mongodb().ready()) && status.mongodb().users() == n;
  }

  /** Plain clients doing the same data-plane work: seconds. */
  private static double baseline(int n, KafkaBroker kafka, RedisServer redis, MongoTestServer mongo) throws Exception {
    long start = System.nanoTime();
    kafka.admin().createTopics(IntStream.range(0, n).mapToObj(i -> new NewTopic("baseline.events-" + i, 1, (short) 1)).toList())
        .all().get(60, TimeUnit.SECONDS);
    try (var jedis = redis.jedis()) {
      for (int i = 0; i < n; i++) {
        jedis.aclSetUser("baseline." + i, "reset", "on", ">" + GeneratedSecrets.newPassword(), "~p" + i + ":*", "+@all", "-@admin");
      }
      jedis.aclSave();
    }
    try (var client = MongoClients.create("mongodb://" + mongo.address())) {
      for (int i = 0; i < n; i++) {
        client.getDatabase("baseline-" + i).runCommand(new Document("createUser", "baseline." + i)
            .append("pwd", GeneratedSecrets.newPassword()).append("roles", List.of(Map.of("role", "readWrite", "db", "baseline-" + i))));
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
