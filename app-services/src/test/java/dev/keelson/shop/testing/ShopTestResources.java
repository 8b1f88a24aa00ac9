package dev.keelson.shop.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
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
    mongo = new MongoServer(new MemoryBackend());
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
      config.put("keelson.kafka.bootstrap-servers", kafkaBootstrap);
      config.put("keelson.kafka.topic.order-events", ORDER_EVENTS);
      config.put("keelson.kafka.topic.analytics-events", ANALYTICS_EVENTS);
      config.put("quarkus.rest-client.products.url", "http://localhost:${quarkus.http.test-port:8081}");
      config.put("quarkus.rest-client.payments.url", "http://localhost:${quarkus.http.test-port:8081}");
      config.put("keelson.payment.interval", "500ms");
      config.putAll(Map.of(
          "keelson.mongodb.uri", "mongodb://" + address.getHostString() + ":" + address.getPort(),
          "keelson.mongodb.database", "shop",
          "keelson.redis.host", "127.0.0.1",
          "keelson.redis.port", Integer.toString(redisPort),
          "keelson.redis.key-prefix", REDIS_KEY_PREFIX,
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
