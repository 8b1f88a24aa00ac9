package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Drops the update of a Service or WorkerPool that changed only its status (and with it its
 * resourceVersion and managedFields): almost always Keelson's own status write coming back, whose
 * reconcile would find nothing to do. Everything a user or tool changes still reconciles: the
 * spec (its generation), labels, annotations (pausing), finalizers, owner references, deletion.
 */
public final class StatusOnlyUpdates implements OnUpdateFilter<HasMetadata> {
  @Override
  public boolean accept(HasMetadata next, HasMetadata previous) {
    return !statusOnly(next.getMetadata(), previous.getMetadata());
  }

  static boolean statusOnly(ObjectMeta next, ObjectMeta previous) {
    return Objects.equals(next.getGeneration(), previous.getGeneration())
        && Objects.equals(next.getLabels(), previous.getLabels())
        && Objects.equals(next.getAnnotations(), previous.getAnnotations())
        && Objects.equals(next.getFinalizers(), previous.getFinalizers())
        && Objects.equals(next.getOwnerReferences(), previous.getOwnerReferences())
        && Objects.equals(next.getDeletionTimestamp(), previous.getDeletionTimestamp());
  }
}
