package dev.keelson.operator.reconcile;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Secrets whose values the data of a Platform holds: Redis's default password (its ACL file keeps
 * it), MongoDB's administrator and keyfile (the replica set keeps them), the CA. Data is kept under
 * {@code deletionPolicy: Retain}, and so are these: they have no owner reference, so they are not
 * collected with the Platform, and carry {@value #LABEL}, so a remote cluster's cleanup leaves them;
 * a Platform created again under the same name adopts them. One that is missing while the data's
 * volume claims still exist is not generated anew (the data would not know the new value, and
 * Keelson could never log in again): that is {@code DataCredentialsMissing}, until the Secret is restored or the
 * claims are deleted.
 */
public final class RetainedSecrets {
  public static final String LABEL = "keelson.dev/retained";
  private RetainedSecrets() {}

  /** The metadata such a Secret has under the policy: under Retain no owner and the label; under Delete as given. */
  public static ObjectMeta metadata(ObjectMeta base, DeletionPolicy policy) {
    if (policy == DeletionPolicy.Delete) return base;
    return new ObjectMetaBuilder(base).withOwnerReferences(List.of()).addToLabels(LABEL, "true").build();
  }

  /**
   * Ensures the generated Secret. When it does not exist, the claims of the data it unlocks are
   * looked up first (only then: a converged Platform asks nothing): while any exists, the Secret is
   * reported missing instead of generated.
   *
   * @param claims names of the volume claims whose data holds the Secret's values
   */
  public static Secret ensure(Context<?> context, TargetCluster cluster, ObjectMeta metadata, Collection<String> keys,
      Supplier<String> generator, List<String> claims) {
    var informer = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection());
    if (informer.get(new ResourceID(metadata.getName(), metadata.getNamespace())).isEmpty()) {
      var existing = cluster.client().secrets().inNamespace(metadata.getNamespace()).withName(metadata.getName()).get();
      if (existing == null) {
        var held = claims.stream()
            .filter(c -> cluster.client().persistentVolumeClaims().inNamespace(metadata.getNamespace()).withName(c).get() != null).toList();
        if (!held.isEmpty()) throw new MissingException(metadata.getName(), held);
      } else if (OwnerClaims.owner(existing.getMetadata().getLabels()) == null) {
        // Restored (from a backup) without Keelson's labels: adopted, labels and all, so that the cache holds it from now on.
        adopt(context, cluster, existing, metadata);
      }
    }
    return align(context, cluster, GeneratedSecrets.ensure(context, cluster, metadata, keys, generator), metadata);
  }

  /** A restored Secret takes the labels and owner references Keelson gives it; its data stays. */
  private static void adopt(Context<?> context, TargetCluster cluster, Secret existing, ObjectMeta wanted) {
    var adopted = cluster.client().resource(new SecretBuilder(existing).editMetadata().addToLabels(wanted.getLabels())
        .withOwnerReferences(wanted.getOwnerReferences()).endMetadata().build()).update();
    OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .handleRecentResourceCreate(ResourceID.fromResource(context.getPrimaryResource()), adopted);
  }

  /**
   * Brings an existing Secret's owner references and {@value #LABEL} in line with {@code wanted}
   * (one made before, or under the other policy), in one update and only when they differ.
   */
  public static Secret align(Context<?> context, TargetCluster cluster, Secret secret, ObjectMeta wanted) {
    var labels = secret.getMetadata().getLabels() == null ? Map.<String, String>of() : secret.getMetadata().getLabels();
    var wantedLabel = wanted.getLabels() == null ? null : wanted.getLabels().get(LABEL);
    var owners = Objects.requireNonNullElse(secret.getMetadata().getOwnerReferences(), List.of());
    if (Objects.equals(labels.get(LABEL), wantedLabel) && owners.equals(Objects.requireNonNullElse(wanted.getOwnerReferences(), List.of()))) {
      return secret;
    }
    var builder = new SecretBuilder(secret).editMetadata().withOwnerReferences(wanted.getOwnerReferences());
    builder = wantedLabel == null ? builder.removeFromLabels(LABEL) : builder.addToLabels(LABEL, wantedLabel);
    var updated = cluster.client().resource(builder.endMetadata().build()).update();
    OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .handleRecentResourceUpdate(ResourceID.fromResource(context.getPrimaryResource()), updated, secret);
    return updated;
  }

  /**
   * The Secret is gone while data that needs it is kept. A {@link KubernetesClientException} so
   * that the places turning a failed write into a verdict report it; nothing was sent.
   */
  public static final class MissingException extends KubernetesClientException {
    public MissingException(String secret, List<String> claims) {
      super("Secret " + secret + " is missing, but the data in volume claim" + (claims.size() > 1 ? "s " : " ") + String.join(", ", claims)
          + " needs it: restore the Secret (e.g. from a backup), or delete the claims to start with empty data; Keelson makes no new"
          + " value the data would not know");
    }
  }
}
