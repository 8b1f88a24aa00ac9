package dev.keelson.operator.redis;

import dev.keelson.operator.cluster.PodTunnel;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.redis.RedisAdmin.RedisNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How Keelson reaches a Platform's Redis instances: by their DNS names inside the operator's own
 * cluster, or, when {@code keelson.redis.nodes-override} lists addresses (an operator running
 * outside its cluster, a test), at those; on a remote cluster through its API server
 * ({@link PodTunnel}).
 */
@ApplicationScoped
public class RedisConnections {
  private final RedisAdmin admin;
  private final LongAdder calls;
  private final List<RedisNode> override;

  @Inject
  public RedisConnections(@ConfigProperty(name = "keelson.redis.timeout", defaultValue = "5s") Duration timeout,
      @ConfigProperty(name = "keelson.redis.nodes-override") Optional<String> override) {
    this(new LongAdder(), timeout, override.map(RedisConnections::parse).orElse(List.of()));
  }

  private RedisConnections(LongAdder calls, Duration timeout, List<RedisNode> override) {
    this(new JedisRedisAdmin(timeout, calls), calls, override);
  }

  public RedisConnections(RedisAdmin admin, LongAdder calls, List<RedisNode> override) {
    this.admin = admin;
    this.calls = calls;
    this.override = List.copyOf(override);
  }

  /** Real jedis connections counted in {@code calls}, to the {@code override} nodes when not empty. */
  public static RedisConnections jedis(Duration timeout, List<RedisNode> override) {
    return new RedisConnections(new LongAdder(), timeout, override);
  }

  public RedisAdmin admin() {
    return admin;
  }

  /** The Redis instances of the model on that cluster; the override stands for those of the operator's own cluster only. */
  public List<RedisNode> nodes(RedisModel model, TargetCluster cluster) {
    if (!override.isEmpty() && cluster.local()) return override;
    return IntStream.range(0, model.replicas()).mapToObj(i -> new RedisNode(model.podHost(i), RedisModel.PORT)).toList();
  }

  /** A session with one instance of that cluster: directly on the operator's own cluster, through a tunnel on a remote one. */
  public RedisAdmin.Session connect(TargetCluster cluster, RedisNode node, String adminPassword, ClientTls tls) {
    if (cluster.local()) return admin.connect(node, adminPassword, tls);
    PodTunnel tunnel;
    try {
      tunnel = PodTunnel.open(cluster, node.host(), node.port());
    } catch (RuntimeException e) {
      throw new RedisUnavailableException("Redis at " + node + " on cluster " + cluster.name() + ": cannot port-forward through its API "
          + "server: " + e.getMessage(), e);
    }
    try {
      return new TunnelledSession(admin.connect(new RedisNode(tunnel.host(), tunnel.port()), adminPassword, tls), tunnel, node, cluster.name());
    } catch (RedisUnavailableException e) {
      String failure = tunnel.failure();
      tunnel.close();
      throw new RedisUnavailableException("Redis at " + node + " on cluster " + cluster.name() + ": " + cause(e) + failure, e);
    } catch (RuntimeException e) {
      tunnel.close();
      throw e;
    }
  }

  private static String cause(RuntimeException e) {
    return e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
  }

  /** A session over a tunnel, closed with it; its errors name the instance, not the tunnel's local port. */
  private record TunnelledSession(RedisAdmin.Session session, PodTunnel tunnel, RedisNode node, String cluster) implements RedisAdmin.Session {
    @Override
    public java.util.Set<String> users() {
      return named(session::users);
    }

    @Override
    public void setUser(RedisUser user) {
      named(() -> {
        session.setUser(user);
        return null;
      });
    }

    @Override
    public void deleteUsers(List<String> names) {
      named(() -> {
        session.deleteUsers(names);
        return null;
      });
    }

    @Override
    public void saveAcl() {
      named(() -> {
        session.saveAcl();
        return null;
      });
    }

    private <T> T named(java.util.function.Supplier<T> command) {
      try {
        return command.get();
      } catch (RedisUnavailableException e) {
        throw new RedisUnavailableException("Redis at " + node + " on cluster " + cluster + ": " + cause(e) + tunnel.failure(), e);
      }
    }

    @Override
    public void close() {
      try {
        session.close();
      } finally {
        tunnel.close();
      }
    }
  }

  /** Commands sent to Redis so far, over all Platforms. */
  public long calls() {
    return calls.sum();
  }

  static List<RedisNode> parse(String addresses) {
    return Arrays.stream(addresses.split(",")).map(String::trim).filter(a -> !a.isEmpty())
        .map(a -> new RedisNode(a.substring(0, a.lastIndexOf(':')), Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))))
        .toList();
  }
}
