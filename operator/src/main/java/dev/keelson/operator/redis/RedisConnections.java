package dev.keelson.operator.redis;

import dev.keelson.operator.cluster.TargetCluster;
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
 * cluster; or, when {@code keelson.redis.nodes-override} lists addresses (an operator running
 * outside the cluster, a test), at those.
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

  /**
   * Whether Keelson can reach Redis instances on that cluster: on its own cluster by their DNS
   * names, elsewhere only through the override; a remote cluster's instances are not reachable
   * from outside it.
   */
  public boolean reaches(TargetCluster cluster) {
    return cluster.local() || !override.isEmpty();
  }

  /** The Redis instances of the model on that cluster. */
  public List<RedisNode> nodes(RedisModel model, TargetCluster cluster) {
    if (!override.isEmpty()) return override;
    return IntStream.range(0, model.replicas()).mapToObj(i -> new RedisNode(model.podHost(i), RedisModel.PORT)).toList();
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
