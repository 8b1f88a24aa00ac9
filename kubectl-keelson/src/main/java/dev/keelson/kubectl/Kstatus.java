package dev.keelson.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/**
 * kstatus's verdict on an object (sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status, the library
 * Flux and kpt use), for the kinds Keelson makes: the generic rules (deletion, observed
 * generation, the Reconciling and Stalled conditions), the built-in rules for Deployments,
 * StatefulSets, Services, PodDisruptionBudgets, Secrets and ConfigMaps, then a Ready condition;
 * anything else is Current. The plugin's tests check it against the library itself.
 */
public final class Kstatus {
  public static final String CURRENT = "Current";
  public static final String IN_PROGRESS = "InProgress";
  public static final String FAILED = "Failed";
  public static final String TERMINATING = "Terminating";

  private Kstatus() {}

  public record Result(String status, String message) {
    public boolean current() {
      return CURRENT.equals(status);
    }
  }

  public static Result of(GenericKubernetesResource object) {
    var map = object.getAdditionalProperties();
    if (object.getMetadata().getDeletionTimestamp() != null) return new Result(TERMINATING, "Resource scheduled for deletion");
    Long generation = object.getMetadata().getGeneration();
    Long observed = longAt(map, "status", "observedGeneration");
    if (generation != null && observed != null && !observed.equals(generation)) {
      return new Result(IN_PROGRESS, object.getKind() + " generation is " + generation + ", but latest observed generation is " + observed);
    }
    for (var condition : conditions(map)) {
      if ("Reconciling".equals(condition.get("type")) && "True".equals(condition.get("status"))) {
        return new Result(IN_PROGRESS, String.valueOf(condition.get("message")));
      }
      if ("Stalled".equals(condition.get("type")) && "True".equals(condition.get("status"))) {
        return new Result(FAILED, String.valueOf(condition.get("message")));
      }
    }
    String group = object.getApiVersion().contains("/") ? object.getApiVersion().substring(0, object.getApiVersion().indexOf('/')) : "";
    switch (group + "/" + object.getKind()) {
      case "apps/Deployment": return deployment(map);
      case "apps/StatefulSet": return statefulSet(map);
      case "/Service": return service(map);
      case "/Secret", "/ConfigMap": return new Result(CURRENT, "Resource is always ready");
      case "policy/PodDisruptionBudget": return new Result(CURRENT, "AllowedDisruptions has been computed.");
      default: break;
    }
    for (var condition : conditions(map)) {
      if (!"Ready".equals(condition.get("type"))) continue;
      if ("True".equals(condition.get("status"))) return new Result(CURRENT, "Resource is Ready");
      return new Result(IN_PROGRESS, String.valueOf(condition.get("message")));
    }
    return new Result(CURRENT, "Resource is current");
  }

  private static Result deployment(Map<String, Object> map) {
    boolean progressing = longAt(map, "spec", "progressDeadlineSeconds") == null
        || longAt(map, "spec", "progressDeadlineSeconds") == Integer.MAX_VALUE;
    boolean available = false;
    for (var condition : conditions(map)) {
      if ("Progressing".equals(condition.get("type"))) {
        if ("ProgressDeadlineExceeded".equals(condition.get("reason"))) return new Result(FAILED, "Progress deadline exceeded");
        if ("True".equals(condition.get("status")) && "NewReplicaSetAvailable".equals(condition.get("reason"))) progressing = true;
      }
      if ("Available".equals(condition.get("type")) && "True".equals(condition.get("status"))) available = true;
    }
    long spec = orElse(longAt(map, "spec", "replicas"), 1);
    long replicas = orElse(longAt(map, "status", "replicas"), 0);
    long updated = orElse(longAt(map, "status", "updatedReplicas"), 0);
    long ready = orElse(longAt(map, "status", "readyReplicas"), 0);
    long availableReplicas = orElse(longAt(map, "status", "availableReplicas"), 0);
    if (spec > replicas) return new Result(IN_PROGRESS, "Replicas: " + replicas + "/" + spec);
    if (spec > updated) return new Result(IN_PROGRESS, "Updated: " + updated + "/" + spec);
    if (replicas > spec) return new Result(IN_PROGRESS, "Pending termination: " + (replicas - spec));
    if (updated > availableReplicas) return new Result(IN_PROGRESS, "Available: " + availableReplicas + "/" + updated);
    if (spec > ready) return new Result(IN_PROGRESS, "Ready: " + ready + "/" + spec);
    if (!progressing) return new Result(IN_PROGRESS, "ReplicaSet not Available");
    if (!available) return new Result(IN_PROGRESS, "Deployment not Available");
    return new Result(CURRENT, "Deployment is available. Replicas: " + replicas);
  }

  private static Result statefulSet(Map<String, Object> map) {
    if ("OnDelete".equals(stringAt(map, "spec", "updateStrategy", "type"))) {
      return new Result(CURRENT, "StatefulSet is using the ondelete update strategy");
    }
    long spec = orElse(longAt(map, "spec", "replicas"), 1);
    long ready = orElse(longAt(map, "status", "readyReplicas"), 0);
    long current = orElse(longAt(map, "status", "currentReplicas"), 0);
    long updated = orElse(longAt(map, "status", "updatedReplicas"), 0);
    long replicas = orElse(longAt(map, "status", "replicas"), 0);
    long partition = orElse(longAt(map, "spec", "updateStrategy", "rollingUpdate", "partition"), -1);
    if (spec > replicas) return new Result(IN_PROGRESS, "Replicas: " + replicas + "/" + spec);
    if (spec > ready) return new Result(IN_PROGRESS, "Ready: " + ready + "/" + spec);
    if (replicas > spec) return new Result(IN_PROGRESS, "Pending termination: " + (replicas - spec));
    if (partition != -1) {
      if (updated < spec - partition) return new Result(IN_PROGRESS, "updated: " + updated + "/" + (spec - partition));
      return new Result(CURRENT, "Partition rollout complete. updated: " + updated);
    }
    if (spec > current) return new Result(IN_PROGRESS, "current: " + current + "/" + spec);
    String currentRevision = orElse(stringAt(map, "status", "currentRevision"), "");
    String updateRevision = orElse(stringAt(map, "status", "updateRevision"), "");
    if (!currentRevision.equals(updateRevision)) return new Result(IN_PROGRESS, "Waiting for updated revision to match current");
    return new Result(CURRENT, "All replicas scheduled as expected. Replicas: " + replicas);
  }

  private static Result service(Map<String, Object> map) {
    if ("LoadBalancer".equals(stringAt(map, "spec", "type")) && orElse(stringAt(map, "spec", "clusterIP"), "").isEmpty()) {
      return new Result(IN_PROGRESS, "ClusterIP not set. Service type: LoadBalancer");
    }
    return new Result(CURRENT, "Service is ready");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> conditions(Map<String, Object> map) {
    var status = map.get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
    return status.get("conditions") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
  }

  @SuppressWarnings("unchecked")
  static Object at(Map<String, Object> map, String... path) {
    Object value = map;
    for (String key : path) {
      if (!(value instanceof Map<?, ?> m)) return null;
      value = ((Map<String, Object>) m).get(key);
    }
    return value;
  }

  static Long longAt(Map<String, Object> map, String... path) {
    return at(map, path) instanceof Number n ? n.longValue() : null;
  }

  static String stringAt(Map<String, Object> map, String... path) {
    return at(map, path) instanceof String s ? s : null;
  }

  private static long orElse(Long value, long fallback) {
    return value == null ? fallback : value;
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
