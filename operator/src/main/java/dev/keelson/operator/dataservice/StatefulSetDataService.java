package dev.keelson.operator.dataservice;

import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.DependentSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A data service that runs as a StatefulSet on each cluster (Redis, MongoDB), worked in the same
 * steps everywhere: its generated Secrets and served certificate first, then its objects, then,
 * with its pods' readiness, its sync against the server (users, members). Where one step fails the
 * cluster's verdict says so and its last status stands. What differs is the subclass's.
 *
 * @param <M> its model on one cluster
 * @param <C> what connecting to it takes (its administrator's password, its TLS)
 * @param <S> its status
 */
public abstract class StatefulSetDataService<M extends StatefulSetDataService.Model, C, S> implements DataService<S> {

  /** What every such model says: whether the Platform has the data service, and its StatefulSet's name and namespace. */
  public interface Model {
    boolean enabled();

    String name();

    String namespace();
  }

  /**
   * The outcome of its generated Secrets and certificate: the model with what they change (the
   * certificate's checksum, which rolls the pods), how to connect, when the certificate is due.
   */
  public record Prepared<M, C>(M model, C connection, Instant renewal) {}

  protected abstract DependentSet<M> dependents();

  protected abstract M model(ClusterScope scope, S previous);

  /** Ensures its generated Secrets and served certificate; a write the API server refuses is thrown. */
  protected abstract Prepared<M, C> prepare(ClusterScope scope, M model);

  /** The Secret a failed {@link #prepare} is reported for. */
  protected abstract String secretName(M model);

  /** With its objects in place: its sync against the server, given how many of its pods are ready. */
  protected abstract OnCluster<S> sync(ClusterScope scope, Prepared<M, C> prepared, int readyPods, S previous);

  protected abstract boolean ready(S status);

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    var owned = new ArrayList<Class<? extends HasMetadata>>(dependents().resourceTypes());
    owned.add(Secret.class);
    return owned;
  }

  @Override
  public final OnCluster<S> reconcile(ClusterScope scope, S previous) {
    var model = model(scope, previous);
    Prepared<M, C> prepared = new Prepared<>(model, null, null);
    if (model.enabled()) {
      try {
        prepared = prepare(scope, model);
      } catch (KubernetesClientException e) {
        return new OnCluster<>(ApplyFailure.verdict("Secret " + secretName(model), e), previous, false, null);
      }
    }
    var outcome = dependents().reconcile(scope.context(), scope.cluster(), prepared.model(), model.namespace());
    if (outcome.failure() != null) return new OnCluster<>(outcome.failure(), previous, false, prepared.renewal());
    if (!model.enabled()) return OnCluster.absent();
    var statefulSet = outcome.find(StatefulSet.class, model.name());
    int readyPods = statefulSet.getStatus() == null ? 0 : Objects.requireNonNullElse(statefulSet.getStatus().getReadyReplicas(), 0);
    return sync(scope, prepared, readyPods, previous);
  }

  /** Over the clusters: the first one not ready, else the first one. */
  @Override
  public Summary<S> summarize(PlatformScope scope, S lastReported, List<S> onClusters) {
    return Summary.of(onClusters.stream().filter(s -> !ready(s)).findFirst().orElse(onClusters.isEmpty() ? null : onClusters.get(0)));
  }
}
