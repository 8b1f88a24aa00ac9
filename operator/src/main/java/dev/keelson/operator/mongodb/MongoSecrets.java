package dev.keelson.operator.mongodb;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The replica set's generated Secrets: the keyfile its members authenticate to each other with,
 * and the administrator's password Keelson manages the replica set and its users with.
 */
public final class MongoSecrets {
  public static final String PASSWORD_KEY = "password";
  public static final String KEYFILE_KEY = "keyfile";

  private MongoSecrets() {}

  /** Ensures both Secrets; returns the administrator's password. */
  public static String ensure(Context<?> context, TargetCluster cluster, MongoModel model) {
    GeneratedSecrets.ensure(context, cluster, model.metadata(model.keyfileSecretName()), List.of(KEYFILE_KEY), GeneratedSecrets::newKeyfile);
    var admin = GeneratedSecrets.ensure(context, cluster, model.metadata(model.adminSecretName()), List.of(PASSWORD_KEY));
    return GeneratedSecrets.value(admin, PASSWORD_KEY);
  }
}
