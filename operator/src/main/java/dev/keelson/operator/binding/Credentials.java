package dev.keelson.operator.binding;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.mongodb.MongoUsers;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A workload's generated credentials, in the Secret {@code <workload>-credentials}: one password
 * per data service it uses, created once and changed only by a rotation the user asks for with
 * the annotation {@value #ROTATE_ANNOTATION} (any new value). During a rotation the old password
 * stays under {@code <key>.previous}, valid beside the new one, until the workload's pods have
 * rolled onto the new one.
 */
public final class Credentials {
  /** Label of every credentials Secret, so that Platforms can watch them. */
  public static final String LABEL = "keelson.dev/credentials";
  public static final String REDIS_PASSWORD = "redis-password";
  public static final String MONGODB_PASSWORD = "mongodb-password";
  /** On the credentials Secret: how many rotations it went through. */
  public static final String GENERATION_ANNOTATION = "keelson.dev/credentials-generation";
  public static final String PREVIOUS = ".previous";
  public static final String ROTATE_ANNOTATION = "keelson.dev/rotate-credentials";
  /** On the credentials Secret: the value of {@value #ROTATE_ANNOTATION} last carried out. */
  public static final String ROTATED_FOR_ANNOTATION = "keelson.dev/rotated-for";

  private Credentials() {}

  public static String secretName(String workload) {
    return workload + "-credentials";
  }

  /** The metadata of a workload's credentials Secret, from the workload's own labels and owner. */
  public static ObjectMeta metadata(ObjectMeta workloadObject) {
    var labels = new TreeMap<>(workloadObject.getLabels());
    labels.put(LABEL, "true");
    return new ObjectMetaBuilder(workloadObject).withLabels(labels).build();
  }

  /**
   * Ensures a password for each key, then carries out a requested rotation. A credentials Secret
   * that was deleted while the workload's binding still holds its passwords is made again from the
   * binding, so that Redis and MongoDB keep accepting what the running pods use.
   *
   * @param binding the workload's binding Secret as the cache holds it, if any
   */
  public static Secret ensure(Context<?> context, TargetCluster cluster, ObjectMeta metadata, Collection<String> keys,
      String rotationRequest, Optional<Secret> binding) {
    var cached = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .get(new ResourceID(metadata.getName(), metadata.getNamespace()));
    if (cached.isEmpty() && binding.isPresent()) {
      // The rotation asked for, if any, is taken as the one the binding's passwords came from.
      var restored = fromBinding(rotationRequest == null ? metadata
          : new ObjectMetaBuilder(metadata).addToAnnotations(ROTATED_FOR_ANNOTATION, rotationRequest).build(), binding.get());
      if (restored.isPresent()) GeneratedSecrets.create(context, cluster, restored.get());
    }
    Secret secret = GeneratedSecrets.ensure(context, cluster, metadata, keys);
    if (rotationRequest == null || rotationRequest.equals(annotation(secret))) return secret;
    // A rotation still rolling keeps its old passwords; the new request waits until they are retired.
    if (secret.getData().keySet().stream().anyMatch(k -> k.endsWith(PREVIOUS))) return secret;
    var data = new TreeMap<>(secret.getData());
    for (String key : keys) {
      data.put(key + PREVIOUS, data.get(key));
      data.put(key, GeneratedSecrets.encode(GeneratedSecrets.newPassword()));
    }
    var rotated = new SecretBuilder(secret).withData(data).editMetadata()
        .addToAnnotations(ROTATED_FOR_ANNOTATION, rotationRequest)
        .addToAnnotations(GENERATION_ANNOTATION, Integer.toString(generation(secret) + 1))
        .endMetadata().build();
    return update(context, cluster, secret, rotated);
  }

  /**
   * The credentials a binding was written from: its Redis and MongoDB passwords, and the
   * credentials generation its MongoDB user's name carries ({@code service.orders.r2} → 2).
   */
  static Optional<Secret> fromBinding(ObjectMeta metadata, Secret binding) {
    var data = new TreeMap<String, String>();
    String redis = GeneratedSecrets.value(binding, BindingEntries.key(BindingEntries.REDIS, "password"));
    String mongo = GeneratedSecrets.value(binding, BindingEntries.key(BindingEntries.MONGODB, "password"));
    if (redis != null) data.put(REDIS_PASSWORD, GeneratedSecrets.encode(redis));
    if (mongo != null) data.put(MONGODB_PASSWORD, GeneratedSecrets.encode(mongo));
    if (data.isEmpty()) return Optional.empty();
    var builder = new ObjectMetaBuilder(metadata);
    String user = GeneratedSecrets.value(binding, BindingEntries.key(BindingEntries.MONGODB, "username"));
    if (user != null) MongoUsers.generation(user).ifPresent(g -> builder.addToAnnotations(GENERATION_ANNOTATION, Integer.toString(g)));
    return Optional.of(new SecretBuilder().withMetadata(builder.build()).withType("Opaque").withData(data).build());
  }

  /** Once the workload's pods all use the new passwords: drops the old ones, which Redis then forgets. */
  public static Secret retirePrevious(Context<?> context, TargetCluster cluster, Secret secret) {
    if (secret.getData() == null || secret.getData().keySet().stream().noneMatch(k -> k.endsWith(PREVIOUS))) return secret;
    var data = new TreeMap<String, String>();
    secret.getData().forEach((k, v) -> {
      if (!k.endsWith(PREVIOUS)) data.put(k, v);
    });
    return update(context, cluster, secret, new SecretBuilder(secret).withData(data).build());
  }

  /** The passwords valid for a key: the current one, then the previous one during a rotation. */
  public static List<String> passwords(Secret secret, String key) {
    var passwords = new ArrayList<String>();
    String current = GeneratedSecrets.value(secret, key);
    if (current != null) passwords.add(current);
    String previous = GeneratedSecrets.value(secret, key + PREVIOUS);
    if (previous != null) passwords.add(previous);
    return passwords;
  }

  /**
   * Rotations the credentials went through: 0 for the first passwords, and for an annotation that
   * is not a number (the Secret is the workload team's to edit; a bad value must not stop the
   * Platform's reconcile, and the rotation that wrote it writes it again).
   */
  public static int generation(Secret secret) {
    var annotations = secret.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(GENERATION_ANNOTATION);
    if (value == null) return 0;
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String annotation(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ROTATED_FOR_ANNOTATION);
  }

  /** An update conditional on the resourceVersion read: a concurrent change fails it, and the reconcile retries. */
  private static Secret update(Context<?> context, TargetCluster cluster, Secret before, Secret after) {
    var updated = cluster.client().resource(after).update();
    OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .handleRecentResourceUpdate(ResourceID.fromResource(context.getPrimaryResource()), updated, before);
    return updated;
  }
}
