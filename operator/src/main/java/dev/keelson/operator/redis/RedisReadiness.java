package dev.keelson.operator.redis;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.status.DataServiceReadiness;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import java.util.Optional;

/** How the Redis a workload declares stands, read from its Platform's status. */
public final class RedisReadiness {
  private RedisReadiness() {}

  /** A verdict when the workload uses Redis and it is not ready; empty otherwise. */
  public static Optional<Verdict> of(Platform platform, Uses uses) {
    if (uses == null || uses.redis() == null) return Optional.empty();
    var status = platform.getStatus() == null ? null : platform.getStatus().redis();
    return DataServiceReadiness.of(platform, "Redis", "redis", platform.getSpec().redis() != null, Reason.REDIS_NOT_PROVIDED,
        Reason.REDIS_PENDING,
        status == null ? null : new DataServiceReadiness.Observed(status.ready(), Reason.named(status.reason()), status.message()),
        Reason.REDIS_UNAVAILABLE);
  }
}
