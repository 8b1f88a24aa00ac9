package dev.keelson.operator.testing;

import dev.keelson.operator.redis.RedisAdmin.RedisNode;
import java.io.IOException;
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
  private Process process;
  private final int port;
  private final Path dir;
  private String password;
  private javax.net.ssl.SSLContext tls;

  private RedisServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
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
      int port = Ports.free();
      var server = new RedisServer(launch(binary, dir, List.of("--port", Integer.toString(port))), port, dir);
      server.awaitUp();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("redis-server did not start", e);
    }
  }

  private static Process launch(Path binary, Path dir, List<String> listen) throws IOException {
    var command = new java.util.ArrayList<>(List.of(binary.toString()));
    command.addAll(listen);
    command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--aclfile", dir.resolve("users.acl").toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
  }

  private void awaitUp() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      try (var jedis = jedis()) {
        return "PONG".equals(jedis.ping());
      }
    });
  }

  /**
   * Restarts on the same port serving only TLS with the given PEM certificate, key and CAs (as
   * the Platform's CA issued them); the ACL users it saved stay.
   */
  public void restartWithTls(String certificatePem, String keyPem, String caPem) {
    try {
      close();
      Files.writeString(dir.resolve("tls.crt"), certificatePem);
      Files.writeString(dir.resolve("tls.key"), keyPem);
      Files.writeString(dir.resolve("ca.crt"), caPem);
      process = launch(Path.of("/usr/bin/redis-server"), dir, List.of("--port", "0", "--tls-port", Integer.toString(port),
          "--tls-cert-file", dir.resolve("tls.crt").toString(), "--tls-key-file", dir.resolve("tls.key").toString(),
          "--tls-ca-cert-file", dir.resolve("ca.crt").toString(), "--tls-auth-clients", "no"));
      tls = dev.keelson.operator.pki.TrustBundle.sslContext(caPem);
      awaitUp();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server did not restart with TLS", e);
    }
  }

  /** Whether a plaintext client is answered (it is not once the server serves only TLS). */
  public boolean answersPlaintext() {
    var config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).user("default").password(password)
        .connectionTimeoutMillis(2000).socketTimeoutMillis(2000).build();
    try (var jedis = new Jedis(new HostAndPort("127.0.0.1", port), config)) {
      return "PONG".equals(jedis.ping());
    } catch (redis.clients.jedis.exceptions.JedisException e) {
      return false;
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
    return jedisAs("default", password);
  }

  /** A connection as a workload's ACL user; over TLS once the server serves TLS. */
  public Jedis jedisAs(String user, String password) {
    var config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).user(user).password(password);
    if (tls != null) {
      config.ssl(true).sslSocketFactory(tls.getSocketFactory()).sslParameters(new javax.net.ssl.SSLParameters())
          .hostnameVerifier((host, session) -> true);
    }
    return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
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
