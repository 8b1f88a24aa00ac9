package dev.keelson.operator.redis;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.RetainedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The passwords of a Platform's Redis, generated once into {@code <platform>-redis-auth}: the
 * default user's (Keelson, replication, and the Sentinels among themselves) and, in sentinel mode,
 * that of the Sentinels' {@value #SENTINEL_CLIENT_USER} user, which may only ask where the master
 * is. Every workload using Redis gets the latter in its binding, never the former.
 */
public final class RedisAuth {
  public static final String PASSWORD_KEY = "password";
  public static final String SENTINEL_CLIENT_PASSWORD_KEY = "sentinel-client-password";
  public static final String SENTINEL_CLIENT_USER = "sentinel-client";

  private RedisAuth() {}

  public static Secret ensure(Context<?> context, TargetCluster cluster, RedisModel model) {
    var keys = model.sentinel() ? List.of(PASSWORD_KEY, SENTINEL_CLIENT_PASSWORD_KEY) : List.of(PASSWORD_KEY);
    var metadata = RetainedSecrets.metadata(model.metadata(model.authSecretName()), model.settings().deletionPolicy());
    return RetainedSecrets.ensure(context, cluster, metadata, keys, GeneratedSecrets::newPassword, model.dataClaims());
  }

  /** The auth Secret's name for a Platform. */
  public static String secretName(String platform) {
    return RedisModel.name(platform) + "-auth";
  }
}
