package dev.keelson.operator.redis;

import dev.keelson.operator.pki.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

/** {@link RedisAdmin} on jedis, one connection per session, every command bounded by a timeout. */
public final class JedisRedisAdmin implements RedisAdmin {
  private final Duration timeout;
  private final LongAdder calls;

  public JedisRedisAdmin(Duration timeout, LongAdder calls) {
    this.timeout = timeout;
    this.calls = calls;
  }

  @Override
  public Session connect(RedisNode node, String adminPassword, ClientTls tls) {
    var builder = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2)
        .user("default").password(adminPassword)
        .connectionTimeoutMillis((int) timeout.toMillis()).socketTimeoutMillis((int) timeout.toMillis())
        .clientName("keelson-operator");
    if (tls != null) {
      // The chain is checked against the Platform's CAs; the name by the verifier, not by the address dialled.
      builder.ssl(true).sslSocketFactory(tls.context().getSocketFactory()).sslParameters(new javax.net.ssl.SSLParameters())
          .hostnameVerifier(tls.verifier());
    }
    var config = builder.build();
    calls.increment(); // the connection's AUTH
    Jedis jedis = null;
    try {
      jedis = new Jedis(new HostAndPort(node.host(), node.port()), config);
      jedis.ping();
      return new JedisSession(jedis, node);
    } catch (JedisException e) {
      if (jedis != null) jedis.close();
      throw new RedisUnavailableException("Redis at " + node + ": " + e.getMessage(), e);
    }
  }

  private final class JedisSession implements Session {
    private final Jedis jedis;
    private final RedisNode node;

    JedisSession(Jedis jedis, RedisNode node) {
      this.jedis = jedis;
      this.node = node;
    }

    @Override
    public Set<String> users() {
      return call(() -> new TreeSet<>(jedis.aclUsers()));
    }

    @Override
    public void setUser(RedisUser user) {
      call(() -> jedis.aclSetUser(user.name(), user.rules().toArray(String[]::new)));
    }

    @Override
    public void deleteUsers(List<String> names) {
      if (names.isEmpty()) return;
      call(() -> jedis.aclDelUser(names.toArray(String[]::new)));
    }

    @Override
    public void saveAcl() {
      call(jedis::aclSave);
    }

    private <T> T call(java.util.function.Supplier<T> command) {
      calls.increment();
      try {
        return command.get();
      } catch (JedisException e) {
        throw new RedisUnavailableException("Redis at " + node + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      jedis.close();
    }
  }
}
