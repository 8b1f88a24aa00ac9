package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.ClusterResolution;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
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
 * operator's own cluster the owner references do it. A Service or WorkerPool removes what it owns;
 * a Platform removes everything Keelson wrote for it there, its workloads' objects included, as
 * without the Platform nothing could reach those clusters again.
 * <ul>
 *   <li>Every remote cluster that can be reached is cleaned at once.
 *   <li>One that cannot (unreachable, its kubeconfig missing or invalid) is tried again until the
 *       grace period, counted from the deletion, runs out; then its objects are left there
 *       (orphaned), the deletion completes, and an Event and the log say what was left where. A
 *       namespace is never held forever by a cluster that is gone.
 * </ul>
 */
public final class RemoteCleanup {
  private static final Logger LOG = Logger.getLogger(RemoteCleanup.class);  /** How often a cluster that could not be cleaned is tried again during the grace period. */
  static final Duration RETRY = Duration.ofSeconds(10);
  /** How soon a pass that deleted something is followed by the pass that checks nothing came back. */
  static final Duration VERIFY = Duration.ofSeconds(1);

  private RemoteCleanup() {}

  /** Every kind Keelson writes on a cluster. */
  public static final List<Class<? extends HasMetadata>> KINDS = List.of(ServiceAccount.class, ConfigMap.class, Secret.class,
      io.fabric8.kubernetes.api.model.Service.class, Deployment.class, StatefulSet.class, HorizontalPodAutoscaler.class,
      PodDisruptionBudget.class, NetworkPolicy.class, Ingress.class);

  /** Selects what a custom resource of {@code ownerKind} owns itself. */
  public static String ownedBy(String ownerKind, HasMetadata owner) {
    return KeelsonLabels.ownedBySelector(ownerKind) + "," + KeelsonLabels.OWNER_NAME + "=" + owner.getMetadata().getName();
  }

  /**
   * Selects everything Keelson wrote for a Platform: its own objects and those of its Services and
   * WorkerPools, but for the Secrets its retained data needs ({@link RetainedSecrets}).
   */
  public static String partOf(HasMetadata platform) {
    return KeelsonLabels.MANAGED_BY + "=" + KeelsonLabels.MANAGER + "," + KeelsonLabels.PART_OF + "=" + platform.getMetadata().getName()
        + "," + RetainedSecrets.LABEL + "!=true";
  }

  /** What one pass over a cluster did: how many objects it deleted, or why it could not. */
  record Removal(int deleted, Verdict failure) {}

  /**
   * Deletes every object of {@link #KINDS} the selector finds in the resource's namespace on that
   * cluster, so that nothing a reconcile wrote is missed (generated Secrets included). Claims a
   * StatefulSet retains stay (the Platform's deletionPolicy).
   */
  static Removal remove(TargetCluster cluster, HasMetadata resource, String selector) {
    int deleted = 0;
    String namespace = resource.getMetadata().getNamespace();
    try {
      for (var type : KINDS) {
        var found = cluster.client().resources(type).inNamespace(namespace).withLabelSelector(selector);
        // Objects already terminating (held by another controller's finalizer) are not counted:
        // they go by themselves, and counting them would keep the deletion from ever finishing.
        long live = found.list().getItems().stream().filter(o -> o.getMetadata().getDeletionTimestamp() == null).count();
        if (live > 0) {
          found.delete();
          deleted += (int) live;
        }
      }
      return new Removal(deleted, null);
    } catch (KubernetesClientException e) {
      return new Removal(deleted, ApplyFailure.verdict("the objects of " + resource.getKind() + " " + resource.getMetadata().getName()
          + " on cluster " + cluster.name(), e));
    }
  }

  /**
   * The deletion of {@code resource}: the objects {@code selector} finds removed from every remote
   * cluster of the resolution, or, for the clusters that cannot be reached, waited for until the
   * grace period runs out.
   */
  public static <P extends HasMetadata> DeleteControl cleanup(P resource, String selector, ClusterResolution resolution, Duration grace,
      Instant now, EventRecorder events) {
    var left = new ArrayList<String>();
    boolean deleted = false;
    for (var cluster : resolution.clusters()) {
      if (cluster.local()) continue;
      var removal = remove(cluster, resource, selector);
      deleted |= removal.deleted() > 0;
      if (removal.failure() != null) left.add(cluster.name() + " (" + removal.failure().message() + ")");
    }
    for (var unusable : resolution.unusable()) left.add(unusable.name() + " (" + unusable.message() + ")");
    // A pass that deleted something is followed by one more that must find nothing: a workload's
    // reconcile that was under way when its Platform's deletion began may have written once more.
    if (left.isEmpty()) return deleted ? DeleteControl.noFinalizerRemoval().rescheduleAfter(VERIFY) : DeleteControl.defaultDelete();

    var deletedAt = Instant.parse(resource.getMetadata().getDeletionTimestamp());
    var giveUpAt = deletedAt.plus(grace);
    String name = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    if (!now.isBefore(giveUpAt)) {
      String message = "objects left on " + String.join("; ", left) + ": not reachable within the deletion grace period of "
          + grace.toSeconds() + " s; delete them there by hand (kubectl delete all,secrets,configmaps,serviceaccounts,"
          + "networkpolicies,poddisruptionbudgets,ingresses -n " + resource.getMetadata().getNamespace() + " -l " + selector + ")";
      LOG.warnf("%s deleted; %s", name, message);
      events.emit(resource, "Warning", Reason.ORPHANED_ON_CLUSTERS.toString(), message);
      return DeleteControl.defaultDelete();
    }
    LOG.infof("%s: waiting to clean %s (until %s)", name, String.join("; ", left), giveUpAt);
    var wait = Duration.between(now, giveUpAt);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait.compareTo(RETRY) < 0 ? wait : RETRY);
  }
}
