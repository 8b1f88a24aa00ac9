package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the objects of a Platform's data services (Redis, MongoDB) have in common. */
public final class DataServiceObjects {
  static final String OWNER_KIND = "Platform";
  /** The component label of what the Platform itself owns, beside its data services. */
  public static final String PLATFORM_COMPONENT = "platform";

  private DataServiceObjects() {}

  /** Labels of a data-service object: owned by the Platform, of the given component, named for its workload. */
  public static Map<String, String> labels(String platform, String component, String workload) {
    var labels = KeelsonLabels.owned(OWNER_KIND, platform, component, platform);
    labels.put(KeelsonLabels.NAME, workload);
    return labels;
  }

  /** Labels selecting the pods of one of the Platform's StatefulSets. */
  public static Map<String, String> selector(String platform, String workload) {
    return new TreeMap<>(Map.of(KeelsonLabels.NAME, workload, KeelsonLabels.INSTANCE, platform));
  }

  public static ObjectMeta metadata(String name, String namespace, Map<String, String> labels, List<OwnerReference> owners) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).withOwnerReferences(owners).build();
  }

  /** Metadata of an object of the Platform itself rather than of one of its data services: its default-deny policy, its CA. */
  public static ObjectMeta platformObject(String platform, String namespace, String objectName, List<OwnerReference> owners) {
    var labels = KeelsonLabels.owned(OWNER_KIND, platform, PLATFORM_COMPONENT, platform);
    labels.put(KeelsonLabels.NAME, objectName);
    labels.put(KeelsonLabels.INSTANCE, platform);
    return metadata(objectName, namespace, labels, owners);
  }

  /** A StatefulSet's claims are kept when it is deleted or scaled down, unless the Platform says Delete. */
  public static String claimRetention(DeletionPolicy policy) {
    return policy == DeletionPolicy.Delete ? "Delete" : "Retain";
  }

  /** The volume claim template {@code data}: one ReadWriteOnce volume per pod. */
  public static PersistentVolumeClaim dataClaim(Map<String, String> labels, String storageClassName, String storage) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").withLabels(labels).endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClassName)
        .withNewResources().addToRequests("storage", new Quantity(storage)).endResources()
        .endSpec()
        .build();
  }

  /** Pods of the selector spread over hosts where they can be; preferred, so fewer hosts still run them all. */
  public static Affinity spreadOverHosts(Map<String, String> selector) {
    return new AffinityBuilder().withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity().build();
  }
}
