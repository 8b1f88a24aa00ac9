package dev.keelson.operator.mongodb;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.RetainedSecrets;
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
    var policy = model.settings().deletionPolicy();
    RetainedSecrets.ensure(context, cluster, RetainedSecrets.metadata(model.metadata(model.keyfileSecretName()), policy), List.of(KEYFILE_KEY),
        GeneratedSecrets::newKeyfile, model.dataClaims());
    var admin = RetainedSecrets.ensure(context, cluster, RetainedSecrets.metadata(model.metadata(model.adminSecretName()), policy),
        List.of(PASSWORD_KEY), GeneratedSecrets::newPassword, model.dataClaims());
    return GeneratedSecrets.value(admin, PASSWORD_KEY);
  }
}
