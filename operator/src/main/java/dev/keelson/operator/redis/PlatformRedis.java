package dev.keelson.operator.redis;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.DataService;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.pki.ServerCertificates;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.GeneratedSecrets;
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
 * A Platform's Redis on each target cluster: its generated password, its objects, and, once its
 * instances are ready, the ACL users of the workloads that declare {@code uses.redis}.
 */
@ApplicationScoped
public class PlatformRedis implements DataService<RedisStatus> {
  public static final DependentSet<RedisModel> DEPENDENTS = new DependentSet<>(List.of(
      new RedisConfigMapDependent(),
      new RedisHeadlessServiceDependent(),
      new RedisServiceDependent(),
      new RedisSentinelServiceDependent(),
      new RedisStatefulSetDependent(),
      new RedisSentinelStatefulSetDependent(),
      new RedisPodDisruptionBudgetDependent(),
      new RedisSentinelPodDisruptionBudgetDependent(),
      new RedisNetworkPolicyDependent()));

  private final RedisAclUsers aclUsers;
  private final KeelsonSettings settings;

  public PlatformRedis(RedisAclUsers aclUsers, KeelsonSettings settings) {
    this.aclUsers = aclUsers;
    this.settings = settings;
  }

  @Override
  public Class<RedisStatus> statusType() {
    return RedisStatus.class;
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    var owned = new ArrayList<Class<? extends HasMetadata>>(DEPENDENTS.resourceTypes());
    owned.add(Secret.class);
    return owned;
  }

  @Override
  public RedisStatus lastReported(StatusSlices slices) {
    return slices.redis();
  }

  @Override
  public OnCluster<RedisStatus> reconcile(ClusterScope scope, RedisStatus previous) {
    var cluster = scope.cluster();
    var context = scope.context();
    var model = RedisModel.resolve(scope.platform(), cluster, settings.operatorNamespace());
    String password = null;
    ClientTls clientTls = null;
    Instant renewal = null;
    if (model.enabled()) {
      try {
        password = GeneratedSecrets.value(RedisAuth.ensure(context, cluster, model), RedisAuth.PASSWORD_KEY);
        var served = ServerCertificates.ensure(context, cluster, scope.platform(), model.metadata(model.tlsSecretName()),
            model.dnsNames(), scope.now());
        if (served.isPresent()) {
          model = model.withTls(served.get().checksum());
          clientTls = served.get().client();
          renewal = served.get().renewal();
        }
      } catch (KubernetesClientException e) {
        return new OnCluster<>(ApplyFailure.verdict("Secret " + model.authSecretName(), e), previous, false, renewal);
      }
    }
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.namespace());
    if (outcome.failure() != null) return new OnCluster<>(outcome.failure(), previous, false, renewal);
    if (!model.enabled()) return OnCluster.absent();

    var users = RedisUser.of(scope.consumers());
    var statefulSet = outcome.find(StatefulSet.class, model.name());
    int ready = statefulSet.getStatus() == null ? 0 : Objects.requireNonNullElse(statefulSet.getStatus().getReadyReplicas(), 0);
    if (ready < model.replicas()) {
      String message = "StatefulSet " + model.name() + " has " + ready + " of " + model.replicas() + " Redis instance(s) ready";
      String lastSync = previous == null ? null : previous.lastSyncTime();
      return new OnCluster<>(Verdict.progressing(Reason.REDIS_STARTING, message),
          new RedisStatus(false, Reason.REDIS_STARTING.toString(), message, users.size(), lastSync), false, renewal);
    }
    var acl = aclUsers.sync(scope.platform().getMetadata().getUid(), cluster, model, password, clientTls, users, previous, scope.now());
    if (!Boolean.TRUE.equals(acl.status().ready())) {
      return new OnCluster<>(Verdict.degraded(Reason.named(acl.status().reason()), "Redis: " + acl.status().message()), acl.status(),
          acl.retry(), renewal);
    }
    return new OnCluster<>(null, acl.status(), false, renewal);
  }

  /** Over the clusters: the first one not ready, else the first one. */
  @Override
  public Summary<RedisStatus> summarize(PlatformScope scope, RedisStatus lastReported, List<RedisStatus> onClusters) {
    return Summary.of(DataService.firstNotReady(onClusters, s -> Boolean.TRUE.equals(s.ready())));
  }

  @Override
  public StatusSlices report(StatusSlices slices, RedisStatus summary) {
    return slices.withRedis(summary);
  }
}
