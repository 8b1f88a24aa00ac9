package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.Map;

/** Reads an object's managedFields: which fields Keelson's server-side applies own. */
public final class FieldOwnership {
  private FieldOwnership() {}

  /** Whether Keelson's applied configuration holds the field at {@code path} (e.g. "spec", "replicas"). */
  public static boolean keelsonOwns(HasMetadata object, String... path) {
    return appliedBy(object, ResourceApplier.FIELD_MANAGER, path);
  }

  /** Whether the applied configuration of field manager {@code manager} holds the field at {@code path}. */
  public static boolean appliedBy(HasMetadata object, String manager, String... path) {
    if (object.getMetadata().getManagedFields() == null) return false;
    for (ManagedFieldsEntry entry : object.getMetadata().getManagedFields()) {
      if (!manager.equals(entry.getManager()) || !"Apply".equals(entry.getOperation())) continue;
      if (entry.getFieldsV1() == null) continue;
      Object node = entry.getFieldsV1().getAdditionalProperties();
      for (String field : path) {
        node = node instanceof Map<?, ?> map ? map.get("f:" + field) : null;
      }
      if (node != null) return true;
    }
    return false;
  }
}
