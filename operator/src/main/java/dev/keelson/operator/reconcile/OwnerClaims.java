package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Objects;

/**
 * Keelson never writes over an object it does not hold. Every object Keelson writes names its
 * owner in its labels ({@link KeelsonLabels#OWNER_KIND}, {@link KeelsonLabels#OWNER_NAME}); an
 * object of the same name and kind whose labels name a different owner (a WorkerPool's Deployment
 * for a Service of the same name, a Platform's Redis Service for a workload), or that Keelson did
 * not make at all (the namespace's {@code default} ServiceAccount, a hand-made Service whose
 * selector a workload of that name would re-point, a {@code <name>-tls} Secret cert-manager made),
 * is refused with {@link NameConflictException} before anything is written, so it does not change.
 */
public final class OwnerClaims {
  private OwnerClaims() {}

  /** Throws when {@code existing} belongs to another Keelson owner than the one {@code desired} names. */
  public static void check(HasMetadata desired, HasMetadata existing) {
    if (existing == null) return;
    String owner = owner(existing.getMetadata().getLabels());
    String wanted = owner(desired.getMetadata().getLabels());
    if (owner != null && owner.equals(wanted)) return;
    String kind = Objects.requireNonNullElse(existing.getKind(), desired.getKind());
    String rename = wanted == null ? "" : "; rename " + wanted;
    if (owner == null) {
      throw new NameConflictException(kind + " " + existing.getMetadata().getName() + " already exists and was not made by Keelson, "
          + "which does not take it over" + rename + " or delete that " + kind + " first");
    }
    throw new NameConflictException(kind + " " + existing.getMetadata().getName() + " already exists and belongs to " + owner
        + (wanted == null ? "" : ", not to " + wanted + rename) + " or delete " + owner + " first");
  }

  /** {@code Kind name} of the owner the labels name, or null when they name none. */
  static String owner(Map<String, String> labels) {
    if (labels == null || labels.get(KeelsonLabels.OWNER_KIND) == null || labels.get(KeelsonLabels.OWNER_NAME) == null) return null;
    return labels.get(KeelsonLabels.OWNER_KIND) + " " + labels.get(KeelsonLabels.OWNER_NAME);
  }

  /**
   * A write refused because another owner holds the object. A {@link KubernetesClientException}
   * so that every place turning a failed write into a verdict handles it; it never reached the
   * API server, so it has no HTTP code.
   */
  public static final class NameConflictException extends KubernetesClientException {
    public NameConflictException(String message) {
      super(message);
    }
  }
}
