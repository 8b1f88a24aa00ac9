package dev.keelson.operator.mongodb;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.DataService;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.pki.ServerCertificates;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Platform's MongoDB on each target cluster: its generated keyfile and administrator, its
 * objects, its replica set's members, and the users of the workloads that declare {@code uses.mongodb}.
 */
@ApplicationScoped
public class PlatformMongo implements DataService<MongoDbStatus> {
  public static final DependentSet<MongoModel> DEPENDENTS = new DependentSet<>(List.of(
      new MongoServiceDependent(),
      new MongoStatefulSetDependent(),
      new MongoPodDisruptionBudgetDependent(),
      new MongoNetworkPolicyDependent()));

  private final MongoReplicaSet replicaSet;
  private final KeelsonSettings settings;

  public PlatformMongo(MongoReplicaSet replicaSet, KeelsonSettings settings) {
    this.replicaSet = replicaSet;
    this.settings = settings;
  }

  @Override
  public Class<MongoDbStatus> statusType() {
    return MongoDbStatus.class;
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    var owned = new ArrayList<Class<? extends HasMetadata>>(DEPENDENTS.resourceTypes());
    owned.add(Secret.class);
    return owned;
  }

  @Override
  public MongoDbStatus lastReported(StatusSlices slices) {
    return slices.mongodb();
  }

  @Override
  public OnCluster<MongoDbStatus> reconcile(ClusterScope scope, MongoDbStatus previous) {
    var cluster = scope.cluster();
    var context = scope.context();
    int configured = previous == null || previous.members() == null ? 0 : previous.members();
    var model = MongoModel.resolve(scope.platform(), cluster, settings.operatorNamespace(), configured);
    String password = null;
    ClientTls clientTls = null;
    Instant renewal = null;
    if (model.enabled()) {
      try {
        password = MongoSecrets.ensure(context, cluster, model);
        var served = ServerCertificates.ensure(context, cluster, scope.platform(), model.metadata(model.tlsSecretName()),
            model.dnsNames(), scope.now());
        if (served.isPresent()) {
          model = model.withTls(served.get().checksum());
          clientTls = served.get().client();
          renewal = served.get().renewal();
        }
      } catch (KubernetesClientException e) {
        return new OnCluster<>(ApplyFailure.verdict("Secret " + model.adminSecretName(), e), previous, false, renewal);
      }
    }
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.namespace());
    if (outcome.failure() != null) return new OnCluster<>(outcome.failure(), previous, false, renewal);
    if (!model.enabled()) return OnCluster.absent();

    var statefulSet = outcome.find(StatefulSet.class, model.name());
    int ready = statefulSet.getStatus() == null ? 0 : Objects.requireNonNullElse(statefulSet.getStatus().getReadyReplicas(), 0);
    var users = MongoUsers.of(scope.consumers());
    var sync = replicaSet.sync(scope.platform().getMetadata().getUid() + "@" + cluster.name(), cluster, model, password, clientTls, users,
        ready, previous, scope.now());
    var status = sync.status();
    if (Boolean.TRUE.equals(status.ready())) return new OnCluster<>(null, status, false, renewal);
    var reason = Reason.named(status.reason());
    var verdict = reason == Reason.MONGO_DB_UNAVAILABLE || reason == Reason.MEMBER_CHANGE_REFUSED
        ? Verdict.degraded(reason, "MongoDB: " + status.message())
        : Verdict.progressing(reason, "MongoDB: " + status.message());
    return new OnCluster<>(verdict, status, sync.retry(), renewal);
  }

  /** Over the clusters: the first one not ready, else the first one. */
  @Override
  public Summary<MongoDbStatus> summarize(PlatformScope scope, MongoDbStatus lastReported, List<MongoDbStatus> onClusters) {
    return Summary.of(DataService.firstNotReady(onClusters, s -> Boolean.TRUE.equals(s.ready())));
  }

  @Override
  public StatusSlices report(StatusSlices slices, MongoDbStatus summary) {
    return slices.withMongodb(summary);
  }
}
