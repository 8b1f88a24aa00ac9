package dev.keelson.operator.workload;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.binding.BindingEntries;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.mongodb.MongoModel;
import dev.keelson.operator.mongodb.MongoUsers;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.redis.RedisModel;
import dev.keelson.operator.redis.RedisUser;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The entries of a workload's binding Secret, for what it uses and its Platform provides. */
public final class WorkloadBinding {
  private WorkloadBinding() {}

  /**
   * @param topics the topics the workload declares; a kafka binding is written when it has any
   * @param consumerGroup the workload's consumer group (a WorkerPool's), or null
   * @param credentials the workload's credentials Secret once it exists: no redis or mongodb
   *     binding before it does
   */
  public static SortedMap<String, String> entries(WorkloadKind kind, String name, Uses uses, List<TopicDeclaration> topics,
      String consumerGroup, Platform platform, TargetCluster cluster, KeelsonSettings settings, Optional<Secret> credentials) {
    var entries = new TreeMap<String, String>();
    var kafka = PlatformKafkas.of(platform.getSpec(), cluster.overrides());
    if (!topics.isEmpty() && kafka != null) entries.putAll(BindingEntries.kafka(platform, kafka, topics, consumerGroup));
    if (uses == null) return entries;
    boolean tls = TlsSettings.of(platform) != null;
    var redis = RedisModel.resolve(platform, cluster, settings.operatorNamespace());
    var passwords = credentials.map(c -> Credentials.passwords(c, Credentials.REDIS_PASSWORD)).orElse(List.of());
    if (uses.redis() != null && redis.enabled() && !passwords.isEmpty()) {
      entries.putAll(BindingEntries.redis(redis, RedisUser.nameFor(kind.name(), name), passwords.get(0), uses.redis().keyPrefix(), tls));
    }
    var mongoPasswords = credentials.map(c -> Credentials.passwords(c, Credentials.MONGODB_PASSWORD)).orElse(List.of());
    if (uses.mongodb() != null && platform.getSpec().mongodb() != null && !mongoPasswords.isEmpty()) {
      var mongo = MongoModel.resolve(platform, cluster, settings.operatorNamespace(), 0);
      String user = MongoUsers.name(kind.name(), name, Credentials.generation(credentials.get()));
      entries.putAll(BindingEntries.mongodb(mongo, user, mongoPasswords.get(0), uses.mongodb().database(), tls));
    }
    return entries;
  }

  /** The distinct ports of a bootstrap server list, for the workload's egress to the brokers. */
  public static List<Integer> brokerPorts(String bootstrapServers) {
    return Arrays.stream(bootstrapServers.split(","))
        .map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1).trim()))
        .distinct().sorted().toList();
  }
}
