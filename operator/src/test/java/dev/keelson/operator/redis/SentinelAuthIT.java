package dev.keelson.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.testing.Ports;
import dev.keelson.operator.testing.RedisServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Sentinel start script Keelson writes, run with a real {@code redis-server --sentinel}
 * watching a real redis-server: only the pods' DNS names, the Redis port and {@code /data} are
 * mapped to this machine. Nobody without a password gets an answer, and the client user that every
 * workload's binding carries can find the master but not move it.
 */
class SentinelAuthIT {
  static final String ADMIN_PASSWORD = "admin-secret";
  static final String CLIENT_PASSWORD = "client-secret";
  RedisServer master;
  Process sentinel;
  int sentinelPort;
  RedisModel model;

  @BeforeEach
  void start() throws IOException {
    master = RedisServer.start();
    master.requirePassword(ADMIN_PASSWORD);
    var platform = Serialization.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: prod}
        spec: {profile: prod, redis: {mode: sentinel}}
        """, Platform.class);
    model = RedisModel.resolve(platform, new TargetCluster(TargetCluster.LOCAL, null, null, null, true), "keelson-system");
    String script = new RedisConfigMapDependent().desired(model).getData().get(RedisConfigMapDependent.SENTINEL_SCRIPT);

    Path data = Files.createTempDirectory("keelson-sentinel");
    sentinelPort = Ports.free();
    String local = script
        .replace("/data/", data + "/")
        .replace(model.podHost(0), "127.0.0.1")
        .replace(" " + RedisModel.PORT + " 2\n", " " + master.node().port() + " 2\n")
        .replace("port " + RedisModel.SENTINEL_PORT + "\n", "port " + sentinelPort + "\nbind 127.0.0.1\n");
    assertThat(local).as("the script names the master's port and the Sentinel's").contains(" " + master.node().port() + " 2", "port " + sentinelPort);
    Path file = data.resolve("sentinel.sh");
    Files.writeString(file, local);
    var builder = new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(true).redirectOutput(data.resolve("sentinel.log").toFile());
    builder.environment().putAll(Map.of("REDIS_PASSWORD", ADMIN_PASSWORD, "SENTINEL_CLIENT_PASSWORD", CLIENT_PASSWORD));
    sentinel = builder.start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      try (var jedis = sentinel("default", ADMIN_PASSWORD)) {
        return jedis.sentinelGetMasterAddrByName(model.masterName()) != null;
      }
    });
  }

  @AfterEach
  void stop() throws InterruptedException {
    sentinel.destroy();
    sentinel.waitFor();
    master.close();
  }

  @Test
  void anUnauthenticatedClientGetsNoAnswerAndCannotRepointTheMaster() throws IOException {
    // Spoken in Redis's inline protocol on a bare socket, as any tool in a pod could.
    assertThat(anonymous("SENTINEL get-master-addr-by-name " + model.masterName())).startsWith("-NOAUTH");
    assertThat(anonymous("SENTINEL MONITOR rogue 127.0.0.1 1 1")).startsWith("-NOAUTH");
    assertThat(anonymous("SENTINEL FAILOVER " + model.masterName())).startsWith("-NOAUTH");
    try (var admin = sentinel("default", ADMIN_PASSWORD)) {
      assertThat(admin.sentinelMasters()).extracting(m -> m.get("name")).containsExactly(model.masterName());
    }
  }

  @Test
  void theClientUserFindsTheMasterButCannotMoveIt() {
    try (var client = sentinel(RedisAuth.SENTINEL_CLIENT_USER, CLIENT_PASSWORD)) {
      assertThat(client.sentinelGetMasterAddrByName(model.masterName())).containsExactly("127.0.0.1", Integer.toString(master.node().port()));
      for (var attempt : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
          () -> client.sentinelMonitor("rogue", "127.0.0.1", 1, 1),
          () -> client.sentinelSet(model.masterName(), Map.of("down-after-milliseconds", "1")),
          () -> client.sentinelFailover(model.masterName()),
          () -> client.sentinelRemove(model.masterName()),
          () -> client.sentinelReset(model.masterName()),
          () -> client.sentinelMasters())) {
        assertThatThrownBy(attempt).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
      }
    }
    assertThatThrownBy(() -> sentinel(RedisAuth.SENTINEL_CLIENT_USER, "guessed").ping()).isInstanceOf(JedisDataException.class);
  }

  @Test
  void aWorkloadResolvesTheMasterThroughTheSentinelsAsTheShopsClientDoes() {
    try (var admin = master.jedis()) {
      admin.aclSetUser("service.orders", "on", ">orders-secret", "~orders:*", "+@all");
    }
    var sentinelConfig = DefaultJedisClientConfig.builder().user(RedisAuth.SENTINEL_CLIENT_USER).password(CLIENT_PASSWORD).build();
    var clientConfig = DefaultJedisClientConfig.builder().user("service.orders").password("orders-secret").build();
    try (var redis = RedisSentinelClient.builder().masterName(model.masterName())
        .sentinels(Set.of(new HostAndPort("127.0.0.1", sentinelPort))).sentinelClientConfig(sentinelConfig).clientConfig(clientConfig).build()) {
      assertThat(redis.set("orders:1", "paid")).isEqualTo("OK");
      assertThat(redis.get("orders:1")).isEqualTo("paid");
    }
  }

  /** The first line of the Sentinel's reply to one inline command sent without logging in. */
  private String anonymous(String command) throws IOException {
    try (var socket = new java.net.Socket("127.0.0.1", sentinelPort)) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write((command + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  private Jedis sentinel(String user, String password) {
    var config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).user(user).password(password)
        .connectionTimeoutMillis(2000).socketTimeoutMillis(2000).build();
    return new Jedis(new HostAndPort("127.0.0.1", sentinelPort), config);
  }
}
