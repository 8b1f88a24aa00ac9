package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.SecuritySpec;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.dataservice.DataServiceObjects;
import dev.keelson.operator.reconcile.Ownership;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/** What a Platform's own dependents need, resolved once per reconcile and target cluster. */
public record PlatformModel(String name, String namespace, boolean defaultDeny, List<OwnerReference> ownerReferences) {
  public static final String KIND = "Platform";

  public PlatformModel {
    ownerReferences = List.copyOf(ownerReferences);
  }

  static PlatformModel resolve(Platform platform, TargetCluster cluster) {
    var spec = platform.getSpec();
    boolean defaultDeny = spec == null || spec.security() == null
        || spec.security().networkPolicy() != SecuritySpec.NetworkPolicyMode.None;
    return new PlatformModel(platform.getMetadata().getName(), platform.getMetadata().getNamespace(), defaultDeny,
        Ownership.controlledBy(platform, cluster));
  }

  ObjectMeta metadata(String objectName) {
    return DataServiceObjects.platformObject(name, namespace, objectName, ownerReferences);
  }
}
