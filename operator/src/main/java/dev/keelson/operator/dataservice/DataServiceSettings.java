package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.SecuritySpec;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.reconcile.Ownership;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * What every data service of a Platform (Redis, MongoDB) takes from the Platform and the target
 * cluster alike.
 *
 * @param storageClassName the cluster's storage class override, or null for the cluster's default
 * @param highAvailability whether the profile spreads pods over hosts
 * @param networkPolicies whether the Platform writes NetworkPolicies
 * @param operatorNamespace namespace of the operator's pods, admitted to the data services it manages
 * @param ownerReferences owner references to the Platform; empty on a remote cluster
 */
public record DataServiceSettings(String storageClassName, DeletionPolicy deletionPolicy, boolean highAvailability,
    boolean networkPolicies, String operatorNamespace, List<OwnerReference> ownerReferences) {

  public DataServiceSettings {
    ownerReferences = List.copyOf(ownerReferences);
  }

  public static DataServiceSettings of(Platform platform, TargetCluster cluster, String operatorNamespace) {
    var spec = platform.getSpec();
    return new DataServiceSettings(
        cluster.overrides() == null ? null : cluster.overrides().storageClassName(),
        spec.deletionPolicy() == null ? DeletionPolicy.Retain : spec.deletionPolicy(),
        ProfileDefaults.of(spec.profile()).highAvailability(),
        spec.security() == null || spec.security().networkPolicy() != SecuritySpec.NetworkPolicyMode.None,
        operatorNamespace,
        Ownership.controlledBy(platform, cluster));
  }
}
