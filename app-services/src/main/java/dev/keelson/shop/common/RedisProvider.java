package dev.keelson.shop.common;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import org.eclipse.microprofile.config.Config;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The service's Redis from its redis binding (quarkus-kubernetes-service-binding has no Redis converter,
 * so from its raw entries, {@link Bindings}): {@code host}/{@code port}, or in sentinel mode
 * {@code sentinel.nodes} and {@code sentinel.master} (the Sentinels' client user in {@code
 * sentinel.username}/{@code sentinel.password}); the ACL user {@code username}/{@code
 * password}; {@code ssl: true} with {@code ca.crt} when Redis serves TLS; and the
 * {@code key-prefix} the service's keys must start with (its ACL allows no other). Connected on
 * first use.
 */
@ApplicationScoped
public class RedisProvider {
  private final Bindings bindings;
  private UnifiedJedis client;

  public RedisProvider(Config config) {
    this.bindings = new Bindings(config);
  }

  /** Whether the service has a redis binding at all (not every service uses Redis). */
  public boolean configured() {
    return bindings.value("redis", "host").isPresent() || bindings.value("redis", "sentinel.master").isPresent();
  }

  /** The prefix every key of this service carries, e.g. {@code products:}. */
  public String keyPrefix() {
    return bindings.value("redis", "key-prefix").orElse("");
  }

  public synchronized UnifiedJedis client() {
    if (client == null) {
      var config = DefaultJedisClientConfig.builder()
          .user(bindings.value("redis", "username").orElse(null))
          .password(bindings.value("redis", "password").orElse(null))
          .connectionTimeoutMillis(2000)
          .socketTimeoutMillis(2000);
      // The Sentinels ask for their client user's password and, with the Platform's CA, speak TLS like Redis.
      var sentinelConfig = DefaultJedisClientConfig.builder()
          .user(bindings.value("redis", "sentinel.username").orElse(null))
          .password(bindings.value("redis", "sentinel.password").orElse(null))
          .connectionTimeoutMillis(2000)
          .socketTimeoutMillis(2000);
      if (bindings.value("redis", "ssl").map(Boolean::parseBoolean).orElse(false)) {
        config.ssl(true).sslParameters(new SSLParameters());
        sentinelConfig.ssl(true).sslParameters(new SSLParameters());
        bindings.value("redis", "ca.crt").ifPresent(ca -> {
          var factory = TrustedCa.context(ca, "the redis binding's ca.crt").getSocketFactory();
          config.sslSocketFactory(factory);
          sentinelConfig.sslSocketFactory(factory);
        });
      }
      var master = bindings.value("redis", "sentinel.master");
      if (master.isPresent()) {
        Set<HostAndPort> sentinels = Arrays.stream(bindings.require("redis", "sentinel.nodes").split(","))
            .map(String::trim).map(HostAndPort::from).collect(Collectors.toSet());
        client = RedisSentinelClient.builder().masterName(master.get()).sentinels(sentinels)
            .sentinelClientConfig(sentinelConfig.build()).clientConfig(config.build()).build();
      } else {
        client = RedisClient.builder().hostAndPort(bindings.require("redis", "host"),
            Integer.parseInt(bindings.value("redis", "port").orElse("6379"))).clientConfig(config.build()).build();
      }
    }
    return client;
  }

  @PreDestroy
  synchronized void close() {
    if (client != null) client.close();
  }
}
