package dev.keelson.operator.cluster;

import dev.keelson.operator.api.v1alpha1.ClusterTarget;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resolves the target clusters a Platform lists into clients. The operator's own cluster is the
 * target when the list is empty and wherever an entry says {@code inCluster: true}; any other
 * entry is reached through its kubeconfig Secret ({@link RemoteClusters}). A cluster whose
 * kubeconfig is missing or invalid, or whose API server the last probe did not reach, is
 * unusable, with the reason; the others proceed.
 */
@ApplicationScoped
public class ClusterRegistry {
  private final KubernetesClient localClient;
  private final RemoteClusters remote;

  @Inject
  public ClusterRegistry(KubernetesClient localClient,
      @ConfigProperty(name = "keelson.clusters.probe-interval", defaultValue = "5s") Duration probeInterval) {
    this.localClient = localClient;
    this.remote = new RemoteClusters(localClient, probeInterval);
  }

  public RemoteClusters remote() {
    return remote;
  }

  /**
   * The Platform's kubeconfig Secret keys as its spec lists them now: the connections only it used
   * and no longer lists are closed. Called by the Platform's own reconcile, once per reconcile of
   * the Platform rather than in every workload's {@link #resolve}.
   */
  public void retain(Platform platform) {
    List<ClusterTarget> listed = listed(platform);
    remote.retain(ref(platform), listed.stream().map(ClusterTarget::kubeconfigSecretRef).filter(java.util.Objects::nonNull)
        .map(r -> r.name() + "/" + (r.key() == null ? "kubeconfig" : r.key())).collect(java.util.stream.Collectors.toSet()));
  }

  /** A Platform is gone: the connections only it used are closed. */
  public void release(Platform platform) {
    remote.retain(ref(platform), java.util.Set.of());
  }

  private static RemoteClusters.PlatformRef ref(Platform platform) {
    return new RemoteClusters.PlatformRef(platform.getMetadata().getNamespace(), platform.getMetadata().getName());
  }

  private static List<ClusterTarget> listed(Platform platform) {
    return platform.getSpec() == null || platform.getSpec().clusters() == null ? List.of() : platform.getSpec().clusters();
  }

  public ClusterResolution resolve(Platform platform) {
    return resolve(platform, false);
  }

  /**
   * The clusters to clean when the Platform or one of its workloads is deleted: as {@link
   * #resolve}, but a kubeconfig Secret already gone (deleted with the namespace) falls back to the
   * connection last built from it.
   */
  public ClusterResolution resolveForDeletion(Platform platform) {
    return resolve(platform, true);
  }

  private ClusterResolution resolve(Platform platform, boolean lastGood) {
    List<ClusterTarget> listed = listed(platform);
    var ref = ref(platform);
    if (listed.isEmpty()) {
      return new ClusterResolution(List.of(new TargetCluster(TargetCluster.LOCAL, null, null, localClient, true)), List.of());
    }
    var usable = new ArrayList<TargetCluster>();
    var unusable = new ArrayList<ClusterResolution.UnusableCluster>();
    for (ClusterTarget target : listed) {
      if (Boolean.TRUE.equals(target.inCluster())) {
        usable.add(new TargetCluster(target.name(), target.labels(), target.overrides(), localClient, true));
        continue;
      }
      var resolved = remote.connect(ref, target.name(), target.kubeconfigSecretRef(), lastGood);
      var connection = resolved.connection();
      if (connection == null) {
        unusable.add(new ClusterResolution.UnusableCluster(target.name(), target.labels(), resolved.reason(), resolved.message()));
      } else if (connection.health() == RemoteClusters.Health.REACHABLE) {
        usable.add(new TargetCluster(target.name(), target.labels(), target.overrides(), connection.client(), false, connection.id()));
      } else if (connection.health() == RemoteClusters.Health.CONNECTING) {
        unusable.add(new ClusterResolution.UnusableCluster(target.name(), target.labels(), Reason.CLUSTER_CONNECTING,
            "connecting to cluster " + target.name()));
      } else {
        unusable.add(new ClusterResolution.UnusableCluster(target.name(), target.labels(), Reason.CLUSTER_UNREACHABLE,
            "cluster " + target.name() + ": " + connection.problem() + "; its objects are left as they are and reconciled once it is back"));
      }
    }
    return new ClusterResolution(usable, unusable);
  }

  @PreDestroy
  public void close() {
    remote.close();
  }
}
