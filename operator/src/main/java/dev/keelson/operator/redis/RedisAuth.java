package dev.keelson.operator.redis;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/** The password of Redis's default user: generated once into {@code <platform>-redis-auth}. */
public final class RedisAuth {
  public static final String PASSWORD_KEY = "password";

  private RedisAuth() {}

  public static Secret ensure(Context<?> context, TargetCluster cluster, RedisModel model) {
    return GeneratedSecrets.ensure(context, cluster, model.metadata(model.authSecretName()), List.of(PASSWORD_KEY));
  }
}
