package dev.keelson.operator.cluster;

import dev.keelson.operator.api.v1alpha1.ClusterTarget;
import dev.keelson.operator.api.v1alpha1.Platform;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the target clusters a Platform lists into clients. The operator's own cluster is the
 * target when the list is empty and wherever an entry says {@code inCluster: true}.
 */
@ApplicationScoped
public class ClusterRegistry {
  public static final String REMOTE_NOT_SUPPORTED = "RemoteClusterNotSupported";

  private final KubernetesClient localClient;

  public ClusterRegistry(KubernetesClient localClient) {
    this.localClient = localClient;
  }

  public ClusterResolution resolve(Platform platform) {
    List<ClusterTarget> listed = platform.getSpec() == null || platform.getSpec().clusters() == null
        ? List.of()
        : platform.getSpec().clusters();
    if (listed.isEmpty()) {
      return new ClusterResolution(List.of(new TargetCluster(TargetCluster.LOCAL, null, null, localClient, true)), List.of());
    }
    var usable = new ArrayList<TargetCluster>();
    var unusable = new ArrayList<ClusterResolution.UnusableCluster>();
    for (ClusterTarget target : listed) {
      if (Boolean.TRUE.equals(target.inCluster())) {
        usable.add(new TargetCluster(target.name(), target.labels(), target.overrides(), localClient, true));
      } else {
        unusable.add(new ClusterResolution.UnusableCluster(target.name(), target.labels(), REMOTE_NOT_SUPPORTED,
            "cluster " + target.name() + " is reached through a kubeconfig Secret; this version of Keelson "
                + "reconciles only the operator's own cluster (inCluster: true)"));
      }
    }
    return new ClusterResolution(usable, unusable);
  }
}
