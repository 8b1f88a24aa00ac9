package dev.keelson.operator.platform;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.redis.RedisAclUsers;
import dev.keelson.operator.redis.RedisAuth;
import dev.keelson.operator.redis.RedisConfigMapDependent;
import dev.keelson.operator.redis.RedisHeadlessServiceDependent;
import dev.keelson.operator.redis.RedisModel;
import dev.keelson.operator.redis.RedisNetworkPolicyDependent;
import dev.keelson.operator.redis.RedisPodDisruptionBudgetDependent;
import dev.keelson.operator.redis.RedisSentinelPodDisruptionBudgetDependent;
import dev.keelson.operator.redis.RedisSentinelServiceDependent;
import dev.keelson.operator.redis.RedisSentinelStatefulSetDependent;
import dev.keelson.operator.redis.RedisServiceDependent;
import dev.keelson.operator.redis.RedisStatefulSetDependent;
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
 * A Platform's Redis on one cluster: its generated password, its objects, and, once its instances
 * are ready, the ACL users of the workloads that declare {@code uses.redis}.
 */
@ApplicationScoped
public class PlatformRedis {
  static final DependentSet<RedisModel> DEPENDENTS = new DependentSet<>(List.of(
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

  /**
   * @param verdict the cluster's verdict when Redis is not ready, else null
   * @param status the Redis status on this cluster, null when the Platform has no Redis
   */
  record Result(Verdict verdict, RedisStatus status, boolean retry, java.time.Instant certificateRenewal) {}

  Result reconcile(TargetCluster cluster, Platform platform, Context<Platform> context, List<PlatformWorkloads.Consumer> consumers,
      RedisStatus previous, Instant now) {
    var model = RedisModel.resolve(platform, cluster, settings.operatorNamespace());
    String password = null;
    ClientTls clientTls = null;
    java.time.Instant renewal = null;
    if (model.enabled()) {
      try {
        password = GeneratedSecrets.value(RedisAuth.ensure(context, cluster, model), RedisAuth.PASSWORD_KEY);
        var served = DataServiceCertificates.ensure(context, cluster, platform, model.metadata(model.tlsSecretName()),
            model.dnsNames(), now);
        if (served.isPresent()) {
          model = model.withTls(served.get().checksum());
          clientTls = served.get().client();
          renewal = served.get().renewal();
        }
      } catch (KubernetesClientException e) {
        return new Result(ApplyFailure.verdict("Secret " + model.authSecretName(), e), previous, false, renewal);
      }
    }
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.namespace());
    if (outcome.failure() != null) return new Result(outcome.failure(), previous, false, renewal);
    if (!model.enabled()) return new Result(null, null, false, renewal);

    var users = PlatformWorkloads.redisUsers(consumers);
    var statefulSet = outcome.find(StatefulSet.class, model.name());
    int ready = statefulSet.getStatus() == null ? 0 : Objects.requireNonNullElse(statefulSet.getStatus().getReadyReplicas(), 0);
    if (ready < model.replicas()) {
      String message = "StatefulSet " + model.name() + " has " + ready + " of " + model.replicas() + " Redis instance(s) ready";
      String lastSync = previous == null ? null : previous.lastSyncTime();
      return new Result(Verdict.progressing(Reason.REDIS_STARTING, message), new RedisStatus(false, Reason.REDIS_STARTING.toString(), message, users.size(), lastSync), false, renewal);
    }
    var acl = aclUsers.sync(platform.getMetadata().getUid(), cluster, model, password, clientTls, users, previous, now);
    if (!Boolean.TRUE.equals(acl.status().ready())) {
      return new Result(Verdict.degraded(Reason.named(acl.status().reason()), "Redis: " + acl.status().message()), acl.status(), acl.retry(), renewal);
    }
    return new Result(null, acl.status(), false, renewal);
  }

  /** The Platform's Redis status over its clusters: the first one not ready, else the first one. */
  static RedisStatus summary(List<RedisStatus> statuses) {
    if (statuses.isEmpty()) return null;
    return statuses.stream().filter(s -> !Boolean.TRUE.equals(s.ready())).findFirst().orElse(statuses.get(0));
  }
}
