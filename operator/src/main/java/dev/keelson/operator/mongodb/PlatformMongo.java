package dev.keelson.operator.mongodb;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.StatefulSetDataService;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.pki.ServerCertificates;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A Platform's MongoDB on each target cluster: its generated keyfile and administrator, its
 * objects, its replica set's members, and the users of the workloads that declare {@code uses.mongodb}.
 */
@ApplicationScoped
public class PlatformMongo extends StatefulSetDataService<MongoModel, ServerCertificates.AdminConnection, MongoDbStatus> {
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
  public String name() {
    return "mongodb";
  }

  @Override
  public Class<MongoDbStatus> statusType() {
    return MongoDbStatus.class;
  }

  @Override
  public MongoDbStatus lastReported(StatusSlices slices) {
    return slices.mongodb();
  }

  @Override
  public StatusSlices report(StatusSlices slices, MongoDbStatus summary) {
    return slices.withMongodb(summary);
  }

  @Override
  protected DependentSet<MongoModel> dependents() {
    return DEPENDENTS;
  }

  /** The members as last configured count too: a scale-down keeps their pods until they have left the replica set. */
  @Override
  protected MongoModel model(ClusterScope scope, MongoDbStatus previous) {
    int configured = previous == null || previous.members() == null ? 0 : previous.members();
    return MongoModel.resolve(scope.platform(), scope.cluster(), settings.operatorNamespace(), configured);
  }

  @Override
  protected String secretName(MongoModel model) {
    return model.adminSecretName();
  }

  @Override
  protected Prepared<MongoModel, ServerCertificates.AdminConnection> prepare(ClusterScope scope, MongoModel model) {
    String password = MongoSecrets.ensure(scope.context(), scope.cluster(), model);
    return ServerCertificates.prepare(scope, model, password, model.metadata(model.tlsSecretName()), model.dnsNames(), MongoModel::withTls);
  }

  @Override
  protected OnCluster<MongoDbStatus> sync(ClusterScope scope, Prepared<MongoModel, ServerCertificates.AdminConnection> prepared, int readyPods,
      MongoDbStatus previous) {
    var users = MongoUsers.of(scope.consumers());
    var sync = replicaSet.sync(scope.platform().getMetadata().getUid() + "@" + scope.cluster().name(), scope.cluster(), prepared.model(),
        prepared.connection().password(), prepared.connection().tls(), users, readyPods, previous, scope.now());
    var status = sync.status();
    if (ready(status)) return new OnCluster<>(null, status, false, prepared.renewal());
    var reason = Reason.named(status.reason());
    var verdict = reason == Reason.MONGO_DB_UNAVAILABLE || reason == Reason.MEMBER_CHANGE_REFUSED
        ? Verdict.degraded(reason, "MongoDB: " + status.message())
        : Verdict.progressing(reason, "MongoDB: " + status.message());
    return new OnCluster<>(verdict, status, sync.retry(), prepared.renewal());
  }

  @Override
  protected boolean ready(MongoDbStatus status) {
    return Boolean.TRUE.equals(status.ready());
  }
}
