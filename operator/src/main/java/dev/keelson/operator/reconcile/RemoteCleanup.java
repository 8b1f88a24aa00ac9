package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.ClusterResolution;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deleting a custom resource whose objects may live on remote clusters, where owner references
 * cannot reach and the API server's garbage collector therefore cannot remove them. On the
 * operator's own cluster the owner references do it.
 * <ul>
 *   <li>Every remote cluster that can be reached is cleaned at once.
 *   <li>One that cannot (unreachable, its kubeconfig missing or invalid) is tried again until the
 *       grace period, counted from the deletion, runs out; then its objects are left there
 *       (orphaned), the deletion completes, and an Event and the log say what was left where. A
 *       namespace is never held forever by a cluster that is gone.
 * </ul>
 */
public final class RemoteCleanup {
  private static final Logger LOG = Logger.getLogger(RemoteCleanup.class);
  public static final String ORPHANED = "OrphanedOnClusters";
  /** How often a cluster that could not be cleaned is tried again during the grace period. */
  static final Duration RETRY = Duration.ofSeconds(10);

  private RemoteCleanup() {}

  /**
   * Deletes every object of these kinds that the owner has on that cluster, found by its owner
   * labels, so that nothing a reconcile wrote is missed (generated Secrets included); the
   * failure's verdict, or null. Claims a StatefulSet retains stay (the Platform's deletionPolicy).
   */
  public static Verdict removeOwned(TargetCluster cluster, String ownerKind, HasMetadata owner, List<Class<? extends HasMetadata>> types) {
    String selector = KeelsonLabels.ownedBySelector(ownerKind) + "," + KeelsonLabels.OWNER_NAME + "=" + owner.getMetadata().getName();
    try {
      for (var type : types) {
        cluster.client().resources(type).inNamespace(owner.getMetadata().getNamespace()).withLabelSelector(selector).delete();
      }
      return null;
    } catch (KubernetesClientException e) {
      return ApplyFailure.verdict("the objects of " + ownerKind + " " + owner.getMetadata().getName() + " on cluster " + cluster.name(), e);
    }
  }

  /**
   * The deletion of {@code resource}: its objects removed from every remote cluster of the
   * resolution (the {@code ownerKind} objects of those {@code types}), or, for the clusters that
   * cannot be reached, waited for until the grace period runs out.
   */
  public static <P extends HasMetadata> DeleteControl cleanup(P resource, String ownerKind, List<Class<? extends HasMetadata>> types,
      ClusterResolution resolution, Duration grace, Instant now, EventRecorder events) {
    var left = new ArrayList<String>();
    for (var cluster : resolution.clusters()) {
      if (cluster.local()) continue;
      var failure = removeOwned(cluster, ownerKind, resource, types);
      if (failure != null) left.add(cluster.name() + " (" + failure.message() + ")");
    }
    for (var unusable : resolution.unusable()) left.add(unusable.name() + " (" + unusable.message() + ")");
    if (left.isEmpty()) return DeleteControl.defaultDelete();

    var deletedAt = Instant.parse(resource.getMetadata().getDeletionTimestamp());
    var giveUpAt = deletedAt.plus(grace);
    String name = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    if (!now.isBefore(giveUpAt)) {
      String message = "objects left on " + String.join("; ", left) + ": not reachable within the deletion grace period of "
          + grace.toSeconds() + " s; delete them there by hand (label " + KeelsonLabels.OWNER_NAME + "="
          + resource.getMetadata().getName() + ")";
      LOG.warnf("%s deleted; %s", name, message);
      events.emit(resource, "Warning", ORPHANED, message);
      return DeleteControl.defaultDelete();
    }
    LOG.infof("%s: waiting to clean %s (until %s)", name, String.join("; ", left), giveUpAt);
    var wait = Duration.between(now, giveUpAt);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait.compareTo(RETRY) < 0 ? wait : RETRY);
  }
}
