package dev.keelson.operator.redis;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.StatefulSetDataService;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.pki.ServerCertificates;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A Platform's Redis on each target cluster: its generated password, its objects, and, once its
 * instances are ready, the ACL users of the workloads that declare {@code uses.redis}.
 */
@ApplicationScoped
public class PlatformRedis extends StatefulSetDataService<RedisModel, ServerCertificates.AdminConnection, RedisStatus> {
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
  public String name() {
    return "redis";
  }

  @Override
  public Class<RedisStatus> statusType() {
    return RedisStatus.class;
  }

  @Override
  public RedisStatus lastReported(StatusSlices slices) {
    return slices.redis();
  }

  @Override
  public StatusSlices report(StatusSlices slices, RedisStatus summary) {
    return slices.withRedis(summary);
  }

  @Override
  protected DependentSet<RedisModel> dependents() {
    return DEPENDENTS;
  }

  @Override
  protected RedisModel model(ClusterScope scope, RedisStatus previous) {
    return RedisModel.resolve(scope.platform(), scope.cluster(), settings.operatorNamespace());
  }

  @Override
  protected String secretName(RedisModel model) {
    return model.authSecretName();
  }

  @Override
  protected Prepared<RedisModel, ServerCertificates.AdminConnection> prepare(ClusterScope scope, RedisModel model) {
    String password = GeneratedSecrets.value(RedisAuth.ensure(scope.context(), scope.cluster(), model), RedisAuth.PASSWORD_KEY);
    return ServerCertificates.prepare(scope, model, password, model.metadata(model.tlsSecretName()), model.dnsNames(), RedisModel::withTls);
  }

  @Override
  protected OnCluster<RedisStatus> sync(ClusterScope scope, Prepared<RedisModel, ServerCertificates.AdminConnection> prepared, int readyPods,
      RedisStatus previous) {
    var model = prepared.model();
    var users = RedisUser.of(scope.consumers());
    if (readyPods < model.replicas()) {
      String message = "StatefulSet " + model.name() + " has " + readyPods + " of " + model.replicas() + " Redis instance(s) ready";
      String lastSync = previous == null ? null : previous.lastSyncTime();
      return new OnCluster<>(Verdict.progressing(Reason.REDIS_STARTING, message),
          new RedisStatus(false, Reason.REDIS_STARTING.toString(), message, users.size(), lastSync), false, prepared.renewal());
    }
    var acl = aclUsers.sync(scope.platform().getMetadata().getUid(), scope.cluster(), model, prepared.connection().password(),
        prepared.connection().tls(), users, previous, scope.now());
    if (!ready(acl.status())) {
      return new OnCluster<>(Verdict.degraded(Reason.named(acl.status().reason()), "Redis: " + acl.status().message()), acl.status(),
          acl.retry(), prepared.renewal());
    }
    return new OnCluster<>(null, acl.status(), false, prepared.renewal());
  }

  @Override
  protected boolean ready(RedisStatus status) {
    return Boolean.TRUE.equals(status.ready());
  }
}
