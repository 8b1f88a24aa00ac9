package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;

/**
 * Which workload the objects are for and where they go: the names and labels every one of its
 * objects carries.
 *
 * @param kind the owner's kind: names its objects' owner labels and its pods' component
 * @param name the custom resource's name, which its objects take
 * @param namespace the custom resource's namespace, where its objects go on every cluster
 * @param platform the name of the Platform the workload runs on
 * @param profile the Platform's profile, whose defaults the model applies
 * @param cluster the name of the target cluster
 * @param ownerReferences owner references to the custom resource; empty on a remote cluster
 */
public record WorkloadIdentity(
    WorkloadKind kind,
    String name,
    String namespace,
    String platform,
    Profile profile,
    String cluster,
    List<OwnerReference> ownerReferences) {

  public WorkloadIdentity {
    ownerReferences = List.copyOf(ownerReferences);
  }

  public Map<String, String> labels() {
    return KeelsonLabels.owned(kind.name(), name, kind.component(), platform);
  }

  public Map<String, String> selectorLabels() {
    return KeelsonLabels.selector(name);
  }

  public String tlsSecretName() {
    return name + "-tls";
  }

  public String credentialsSecretName() {
    return name + "-credentials";
  }

  public String configMapName() {
    return name + "-config";
  }

  public String bindingSecretName() {
    return name + "-binding";
  }
}
