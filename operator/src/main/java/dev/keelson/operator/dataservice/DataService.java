package dev.keelson.operator.dataservice;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/**
 * One of a Platform's data services (its CA, Redis, MongoDB, its Kafkas' topics): what it writes
 * on each target cluster, what it keeps in line on its own servers, and its part of the Platform's
 * status. The Platform's reconciler works them in its order on each cluster, then summarizes each
 * over the clusters; adding one means adding an implementation, its package, and its
 * {@link StatusSlices} field.
 *
 * @param <S> its status on one cluster and over all of them ({@code Void} when it has none)
 */
public interface DataService<S> {

  /** Its name in metrics and messages: ca, redis, mongodb, kafka. */
  String name();

  Class<S> statusType();

  /** The kinds it writes on a target cluster: the Platform's informers watch them there. */
  default List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of();
  }

  /**
   * Whether the data services after it need it on a cluster: where it fails, they are not
   * worked on and what they reported last stands.
   */
  default boolean prerequisite() {
    return false;
  }

  /** What the Platform's status said of it at the last reconcile, null if nothing. */
  S lastReported(StatusSlices slices);

  /** Brings it in line on one target cluster; by default it has nothing there. */
  default OnCluster<S> reconcile(ClusterScope scope, S lastReported) {
    return OnCluster.absent();
  }

  /**
   * After every cluster was worked on: brings in line what it keeps off the clusters (topics on a
   * Kafka), and says what it is over them.
   *
   * @param onClusters its statuses on the clusters that reported one, in the Platform's order
   */
  Summary<S> summarize(PlatformScope scope, S lastReported, List<S> onClusters);

  /** The slices with its summary written in. */
  StatusSlices report(StatusSlices slices, S summary);

  /** The Platform is gone: what was kept about it between reconciles is dropped. */
  default void forget(Platform platform) {}

  /**
   * What it is on one cluster.
   *
   * @param verdict the cluster's verdict while it is not ready there, null when it is
   * @param status its status there, null when the Platform does not have it
   * @param retry whether to come back soon, with no event to wait for
   * @param renewal when a certificate it serves there is to be renewed, null without one
   */
  record OnCluster<S>(Verdict verdict, S status, boolean retry, Instant renewal) {
    /** Nothing of it on this cluster. */
    public static <S> OnCluster<S> absent() {
      return new OnCluster<>(null, null, false, null);
    }
  }

  /**
   * What it is over the clusters.
   *
   * @param verdict the Platform's verdict when every cluster is ready but it is not, else null
   */
  record Summary<S>(S status, Verdict verdict, boolean retry) {
    public static <S> Summary<S> of(S status) {
      return new Summary<>(status, null, false);
    }
  }
}
