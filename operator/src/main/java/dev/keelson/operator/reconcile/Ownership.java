package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.TargetCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/** Who owns an object Keelson writes. */
public final class Ownership {
  private Ownership() {}

  /**
   * The controller owner reference to the custom resource, on the operator's own cluster; none on a
   * remote one, where owner references cannot point (labels name the owner there).
   */
  public static List<OwnerReference> controlledBy(HasMetadata owner, TargetCluster cluster) {
    if (!cluster.local()) return List.of();
    return List.of(new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build());
  }
}
