package dev.keelson.shop.testing;

import de.bwaldvogel.mongo.MongoServer;
import dev.keelson.standins.mongodb.IdIndexedMemoryBackend;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * What the services need around them in a test: MongoDB (mongo-java-server, spoken to over the
 * wire by the real driver), a real Redis (Debian's redis-server, installed by hack/ensure-redis.sh)
 * and a JWT key pair made for the run, in the places Keelson and a Secret would put them.
 */
public class ShopTestResources implements QuarkusTestResourceLifecycleManager {
  public static final String ADMIN_EMAIL = "admin@shop.test";
  /** A second administrator, whose address a test registers behind the configuration's back. */
  public static final String SQUATTED_ADMIN_EMAIL = "owner@shop.test";
  /** The administrators' password, configured as its bcrypt hash. */
  public static final String ADMIN_PASSWORD = "the administrator's own passphrase";
  public static final String REDIS_KEY_PREFIX = "products:";
  /** The test redis-server's port, for tests that look at what the service cached. */
  public static volatile int redisPort;
  public static final String ORDER_EVENTS = "shop.order-events";
  public static final String ORDER_EVENTS_RETRY = ORDER_EVENTS + ".retry.1s";
  public static final String ORDER_EVENTS_DLQ = ORDER_EVENTS + ".dlq";
  public static final String ANALYTICS_EVENTS = "shop.analytics-events";
  /** The test broker's address, for tests that read what the services published. */
  public static volatile String kafkaBootstrap;
  private MongoServer mongo;
  private Process redis;
  private KafkaClusterTestKit kafka;

  @Override
  public Map<String, String> start() {
    mongo = new MongoServer(new IdIndexedMemoryBackend());
    var address = mongo.bind();
    try {
      Path keys = Files.createTempDirectory("shop-test");
      KeyPair pair = rsa();
      redisPort = freePort();
      redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", keys.toString())
          .redirectErrorStream(true).redirectOutput(keys.resolve("redis.log").toFile()).start();
      awaitPort(redisPort);
      kafka = startKafka();
      kafkaBootstrap = kafka.bootstrapServers();
      var config = new java.util.HashMap<String, String>();
      // The bindings as Keelson mounts them (SERVICE_BINDING_ROOT), one file per entry.
      Path bindings = keys.resolve("bindings");
      binding(bindings, "kafka", Map.of("type", "kafka", "provider", "keelson", "bootstrap-servers", kafkaBootstrap,
          "topic.order-events", ORDER_EVENTS, "topic.analytics-events", ANALYTICS_EVENTS));
      binding(bindings, "mongodb", Map.of("type", "mongodb", "provider", "keelson",
          "host", address.getHostString() + ":" + address.getPort(), "database", "shop",
          "uri", "mongodb://" + address.getHostString() + ":" + address.getPort() + "/shop"));
      binding(bindings, "redis", Map.of("type", "redis", "provider", "keelson", "host", "127.0.0.1",
          "port", Integer.toString(redisPort), "key-prefix", REDIS_KEY_PREFIX));
      config.put("quarkus.kubernetes-service-binding.root", bindings.toString());
      config.put("quarkus.rest-client.products.url", "http://localhost:${quarkus.http.test-port:8081}");
      config.put("quarkus.rest-client.payments.url", "http://localhost:${quarkus.http.test-port:8081}");
      config.put("keelson.payment.interval", "500ms");
      config.putAll(Map.of(
          // Inline PEM, as the samples pass them from a Secret through the environment.
          "smallrye.jwt.sign.key", pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          "mp.jwt.verify.publickey", pem("PUBLIC KEY", pair.getPublic().getEncoded()),
          "keelson.admins", ADMIN_EMAIL + "=" + BcryptUtil.bcryptHash(ADMIN_PASSWORD, 10) + ","
              + SQUATTED_ADMIN_EMAIL + "=" + BcryptUtil.bcryptHash(ADMIN_PASSWORD, 10)));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (mongo != null) mongo.shutdownNow();
    if (redis != null) redis.destroy();
    if (kafka != null) {
      try {
        kafka.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A real Kafka broker (KRaft, one combined node) in the test JVM, with the shop's topic. */
  private static KafkaClusterTestKit startKafka() throws IOException {
    try {
      var nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
          .setBaseDirectory(Files.createTempDirectory("shop-kafka")).build();
      var cluster = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      try (var admin = cluster.admin()) {
        admin.createTopics(java.util.stream.Stream.of(ORDER_EVENTS, ORDER_EVENTS_RETRY, ORDER_EVENTS_DLQ, ANALYTICS_EVENTS)
            .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, 3, (short) 1)).toList()).all()
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      return cluster;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the in-process Kafka broker did not start", e);
    }
  }

  /** One binding directory: a file per entry, as a projected Secret volume has it. */
  private static void binding(Path root, String name, Map<String, String> entries) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    for (var entry : entries.entrySet()) Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Until redis-server accepts connections (it starts in milliseconds; 10 s at most). */
  private static void awaitPort(int port) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) throw new IOException("redis-server did not start on port " + port, e);
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      }
    }
  }

  private static KeyPair rsa() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
