package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.TargetCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Applies desired objects to a target cluster by server-side apply with field manager
 * {@value #FIELD_MANAGER}, and only when the cached object differs in a field Keelson manages:
 * a reconcile with nothing to change writes nothing. Only the fields Keelson owns are sent, so
 * fields of other managers (replicas set by an HPA, annotations of other tools) are left alone;
 * conflicts on Keelson's own fields are forced, which is how drift is undone. An object that
 * another Keelson owner holds is never written ({@link OwnerClaims}): an object the cache does not
 * have is applied create-only ({@link #createOnly}), and only when one of that name turns out to
 * exist is it read and its owner checked.
 */
public final class ResourceApplier {
  public static final String FIELD_MANAGER = "keelson";
  /**
   * A resourceVersion no stored object has (etcd's revisions count up from 1 and never reach it).
   * An apply carrying a resourceVersion is conditional on it: the API server creates the object
   * when none of that name exists (a create checks no version) and refuses with 409 Conflict when
   * one does, whatever its version. One request instead of a read and an apply per object created.
   */
  static final String NO_STORED_VERSION = Long.toUnsignedString(-1L);

  private ResourceApplier() {}

  /** The cached object of the desired one's name on that cluster, if any. */
  public static <R extends HasMetadata> Optional<R> cached(Context<?> context, TargetCluster cluster, Class<R> type, String namespace, String name) {
    return OwnedResourceInformers.lookup(context, type, cluster.connection()).get(new ResourceID(name, namespace));
  }

  /** Applies {@code desired} unless the cluster already has it; returns the object as it now stands. */
  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> Applied<R> apply(Context<?> context, TargetCluster cluster, R desired) {
    var type = (Class<R>) desired.getClass();
    var informer = OwnedResourceInformers.lookup(context, type, cluster.connection());
    var id = ResourceID.fromResource(desired);
    Optional<R> actual = informer.get(id);
    if (actual.isPresent() && SSABasedGenericKubernetesResourceMatcher.<R>getInstance().matches(actual.get(), desired, context)) {
      return new Applied<>(actual.get(), false);
    }
    R result;
    if (actual.isPresent()) {
      OwnerClaims.check(desired, actual.get());
      result = serverSideApply(cluster, desired);
    } else {
      result = createOnly(cluster, desired);
    }
    var primary = ResourceID.fromResource(context.getPrimaryResource());
    if (actual.isPresent()) {
      informer.handleRecentResourceUpdate(primary, result, actual.get());
    } else {
      informer.handleRecentResourceCreate(primary, result);
    }
    return new Applied<>(result, true);
  }

  /**
   * Creates an object the cache does not have. The cache holds only this owner kind's objects, so
   * one of that name may still exist with another owner, or none: the apply is conditional on no
   * object of that name being stored ({@link #NO_STORED_VERSION}). When one is, it is read and
   * written only if its labels name the same owner (one the cache has not seen yet).
   */
  static <R extends HasMetadata> R createOnly(TargetCluster cluster, R desired) {
    String version = desired.getMetadata().getResourceVersion();
    desired.getMetadata().setResourceVersion(NO_STORED_VERSION);
    try {
      return serverSideApply(cluster, desired);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) throw e;
    } finally {
      desired.getMetadata().setResourceVersion(version);
    }
    OwnerClaims.check(desired, cluster.client().resource(desired).get());
    return serverSideApply(cluster, desired);
  }

  private static <R extends HasMetadata> R serverSideApply(TargetCluster cluster, R desired) {
    return cluster.client().resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /**
   * Deletes the object of that name if the cache holds one Keelson owns: for objects the spec no
   * longer wants (a Service whose ports were all removed). Never called because a list was empty.
   */
  public static <R extends HasMetadata> void deleteIfPresent(Context<?> context, TargetCluster cluster, Class<R> type, String namespace, String name) {
    if (cached(context, cluster, type, namespace, name).isPresent()) {
      cluster.client().resources(type).inNamespace(namespace).withName(name).delete();
    }
  }

  /** The object after an apply, and whether a write was needed. */
  public record Applied<R>(R resource, boolean written) {}
}
