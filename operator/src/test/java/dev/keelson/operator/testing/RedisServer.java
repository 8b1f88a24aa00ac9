package dev.keelson.operator.testing;

import dev.keelson.operator.redis.RedisAdmin.RedisNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/**
 * A real Redis (Debian's redis-server) on a random loopback port, with its ACL users in a file of
 * its own; the default user starts without a password until {@link #requirePassword} sets one.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private String password;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RedisServer start() {
    Path binary = Path.of("/usr/bin/redis-server");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("redis-server is not installed; hack/test.sh installs it (apt-get install redis-server)");
    }
    try {
      Path dir = Files.createTempDirectory("keelson-redis");
      Path acl = dir.resolve("users.acl");
      Files.writeString(acl, "user default on nopass ~* &* +@all\n");
      int port = freePort();
      var process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--aclfile", acl.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
      var server = new RedisServer(process, port);
      Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
        try (var jedis = server.jedis()) {
          return "PONG".equals(jedis.ping());
        }
      });
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("redis-server did not start", e);
    }
  }

  public RedisNode node() {
    return new RedisNode("127.0.0.1", port);
  }

  /** Sets the default user's password, as the Platform's generated Secret holds it. */
  public void requirePassword(String password) {
    try (var jedis = jedis()) {
      jedis.aclSetUser("default", "on", "resetpass", ">" + password, "~*", "&*", "+@all");
    }
    this.password = password;
  }

  /** An admin connection, as the default user. */
  public Jedis jedis() {
    var config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).user("default").password(password).build();
    return new Jedis(new HostAndPort("127.0.0.1", port), config);
  }

  /** A connection as a workload's ACL user. */
  public Jedis jedisAs(String user, String password) {
    return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).user(user).password(password).build());
  }

  public Set<String> users() {
    try (var jedis = jedis()) {
      return new TreeSet<>(jedis.aclUsers());
    }
  }

  /** Whether the user can log in with the password. */
  public boolean accepts(String user, String password) {
    try (var jedis = jedisAs(user, password)) {
      return "PONG".equals(jedis.ping());
    } catch (redis.clients.jedis.exceptions.JedisException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the server and waits until it is gone. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static List<RedisNode> nodes(RedisServer... servers) {
    return java.util.Arrays.stream(servers).map(RedisServer::node).toList();
  }
}
