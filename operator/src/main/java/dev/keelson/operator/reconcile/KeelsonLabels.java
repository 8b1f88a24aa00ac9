package dev.keelson.operator.reconcile;

import java.util.Map;
import java.util.TreeMap;

/** The labels every object Keelson writes carries, and the ones that map it back to its owner. */
public final class KeelsonLabels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "keelson";
  /** Kind of the custom resource that owns the object (owner references do not cross clusters). */
  public static final String OWNER_KIND = "keelson.dev/owner-kind";
  /** Name of the custom resource that owns the object; the namespace is the object's own. */
  public static final String OWNER_NAME = "keelson.dev/owner-name";

  /** Values of {@link #COMPONENT}: what a pod of the Platform is. */
  public static final String COMPONENT_SERVICE = "service";
  public static final String COMPONENT_WORKER = "worker";
  public static final String COMPONENT_REDIS = "redis";
  public static final String COMPONENT_MONGODB = "mongodb";

  private KeelsonLabels() {}

  /** Labels selecting the pods of one workload; they never change, as a Deployment's selector cannot. */
  public static Map<String, String> selector(String workload) {
    return new TreeMap<>(Map.of(NAME, workload, INSTANCE, workload)); // sorted: objects serialize the same every time
  }

  /** All labels of an object owned by {@code ownerKind/ownerName}, part of the given Platform. */
  public static Map<String, String> owned(String ownerKind, String ownerName, String component, String platform) {
    var labels = new TreeMap<>(selector(ownerName));
    labels.put(COMPONENT, component);
    labels.put(MANAGED_BY, MANAGER);
    labels.put(OWNER_KIND, ownerKind);
    labels.put(OWNER_NAME, ownerName);
    if (platform != null) labels.put(PART_OF, platform);
    return labels;
  }

  /** Label selector for the objects a controller of {@code ownerKind} watches. */
  public static String ownedBySelector(String ownerKind) {
    return MANAGED_BY + "=" + MANAGER + "," + OWNER_KIND + "=" + ownerKind;
  }
}
