package dev.keelson.operator.platform;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.mongodb.MemberChange;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.mongodb.MongoModel;
import dev.keelson.operator.mongodb.MongoNetworkPolicyDependent;
import dev.keelson.operator.mongodb.MongoPodDisruptionBudgetDependent;
import dev.keelson.operator.mongodb.MongoReplicaSet;
import dev.keelson.operator.mongodb.MongoSecrets;
import dev.keelson.operator.mongodb.MongoServiceDependent;
import dev.keelson.operator.mongodb.MongoStatefulSetDependent;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Platform's MongoDB on one cluster: its generated keyfile and administrator, its objects, its
 * replica set's members, and the users of the workloads that declare {@code uses.mongodb}.
 */
@ApplicationScoped
public class PlatformMongo {
  static final DependentSet<MongoModel> DEPENDENTS = new DependentSet<>(List.of(
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

  /** @param verdict the cluster's verdict when MongoDB is not ready, else null; status null without MongoDB */
  record Result(Verdict verdict, MongoDbStatus status, boolean retry, java.time.Instant certificateRenewal) {}

  Result reconcile(TargetCluster cluster, Platform platform, Context<Platform> context, List<PlatformWorkloads.Consumer> consumers,
      MongoDbStatus previous, Instant now) {
    int configured = previous == null || previous.members() == null ? 0 : previous.members();
    var model = MongoModel.resolve(platform, cluster, settings.operatorNamespace(), configured);
    String password = null;
    ClientTls clientTls = null;
    java.time.Instant renewal = null;
    if (model.enabled()) {
      try {
        password = MongoSecrets.ensure(context, cluster, model);
        var served = DataServiceCertificates.ensure(context, cluster, platform, model.metadata(model.tlsSecretName()),
            model.dnsNames(), now);
        if (served.isPresent()) {
          model = model.withTls(served.get().checksum());
          clientTls = served.get().client();
          renewal = served.get().renewal();
        }
      } catch (KubernetesClientException e) {
        return new Result(ApplyFailure.verdict("Secret " + model.adminSecretName(), e), previous, false, renewal);
      }
    }
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.namespace());
    if (outcome.failure() != null) return new Result(outcome.failure(), previous, false, renewal);
    if (!model.enabled()) return new Result(null, null, false, renewal);

    var statefulSet = outcome.find(StatefulSet.class, model.name());
    int ready = statefulSet.getStatus() == null ? 0 : Objects.requireNonNullElse(statefulSet.getStatus().getReadyReplicas(), 0);
    var users = PlatformWorkloads.mongoUsers(consumers);
    var sync = replicaSet.sync(platform.getMetadata().getUid() + "@" + cluster.name(), cluster, model, password, clientTls, users, ready, previous, now);
    var status = sync.status();
    if (Boolean.TRUE.equals(status.ready())) return new Result(null, status, false, renewal);
    var reason = Reason.named(status.reason());
    var verdict = reason == Reason.MONGO_DB_UNAVAILABLE || reason == Reason.MEMBER_CHANGE_REFUSED
        ? Verdict.degraded(reason, "MongoDB: " + status.message())
        : Verdict.progressing(reason, "MongoDB: " + status.message());
    return new Result(verdict, status, sync.retry(), renewal);
  }

  /** The Platform's MongoDB status over its clusters: the first one not ready, else the first one. */
  static MongoDbStatus summary(List<MongoDbStatus> statuses) {
    if (statuses.isEmpty()) return null;
    return statuses.stream().filter(s -> !Boolean.TRUE.equals(s.ready())).findFirst().orElse(statuses.get(0));
  }
}
