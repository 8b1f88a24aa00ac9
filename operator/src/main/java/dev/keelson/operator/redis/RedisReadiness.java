package dev.keelson.operator.redis;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.status.Verdict;
import java.util.Optional;

/** How the Redis a workload declares stands, read from its Platform's status. */
public final class RedisReadiness {
  public static final String NOT_PROVIDED = "RedisNotProvided";
  public static final String PENDING = "RedisPending";

  private RedisReadiness() {}

  /** A verdict when the workload uses Redis and it is not ready; empty otherwise. */
  public static Optional<Verdict> of(Platform platform, Uses uses) {
    if (uses == null || uses.redis() == null) return Optional.empty();
    String name = platform.getMetadata().getName();
    if (platform.getSpec() == null || platform.getSpec().redis() == null) {
      return Optional.of(Verdict.blocked(NOT_PROVIDED, "uses.redis is set, but Platform " + name + " has no spec.redis"));
    }
    var redis = platform.getStatus() == null ? null : platform.getStatus().redis();
    if (redis == null) return Optional.of(Verdict.progressing(PENDING, "waiting for Platform " + name + " to start Redis"));
    if (Boolean.TRUE.equals(redis.ready())) return Optional.empty();
    if (RedisAclUsers.UNAVAILABLE.equals(redis.reason())) {
      return Optional.of(Verdict.degraded(redis.reason(), "Platform " + name + " cannot reach Redis: " + redis.message()));
    }
    return Optional.of(Verdict.progressing(redis.reason(), "Platform " + name + ": " + redis.message()));
  }
}
