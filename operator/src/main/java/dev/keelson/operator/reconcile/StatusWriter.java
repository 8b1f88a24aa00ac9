package dev.keelson.operator.reconcile;

import dev.keelson.operator.api.v1alpha1.KeelsonStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.function.Supplier;

/**
 * Writes a custom resource's status: only when it differs from what is there, by server-side
 * apply of the status alone, with the result put in the primary cache so the very next reconcile
 * starts from it (JOSDK's own status patch leaves the cache stale until the watch event arrives,
 * which made a second reconcile repeat the write and the Event). The Event for a change of
 * readiness is recorded after the write succeeded.
 */
public final class StatusWriter {
  private StatusWriter() {}

  public static <S extends KeelsonStatus, R extends CustomResource<?, S>> void write(
      R resource, S next, Supplier<R> empty, Context<R> context, EventRecorder events) {
    S previous = resource.getStatus();
    if (next.equals(previous)) return;
    R patch = empty.get();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace())
        .build());
    patch.setStatus(next);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, patch, context);
    events.onReadyChange(resource, previous == null ? null : previous.conditions(), next.conditions());
    events.onClustersChange(resource, previous == null ? null : previous.clusters(), next.clusters());
  }
}
