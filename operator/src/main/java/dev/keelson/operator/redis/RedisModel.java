package dev.keelson.operator.redis;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.RedisSpec;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.dataservice.DataServiceObjects;
import dev.keelson.operator.dataservice.DataServiceSettings;
import dev.keelson.operator.dataservice.StatefulSetDataService;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * A Platform's Redis on one target cluster, profile defaults applied: what every Redis dependent's
 * desired object is derived from.
 *
 * @param enabled whether the Platform has Redis; when not, the model only names the objects to remove
 * @param replicas Redis instances: 1 in standalone mode, the first being the initial master in sentinel mode
 * @param settings what it takes from the Platform and the cluster like every data service
 * @param tlsChecksum SHA-256 of Redis's certificate when it serves TLS (the Platform's CA), else null
 */
public record RedisModel(
    boolean enabled,
    String platform,
    String namespace,
    RedisSpec.Mode mode,
    int replicas,
    String storage,
    String version,
    DataServiceSettings settings,
    String tlsChecksum) implements StatefulSetDataService.Model {

  public static final int PORT = 6379;
  public static final int SENTINEL_PORT = 26379;
  public static final int SENTINELS = 3;
  public static final String DEFAULT_VERSION = "7.2";

  /** The Platform's Redis on that cluster; not {@link #enabled} when the Platform has none. */
  public static RedisModel resolve(Platform platform, TargetCluster cluster, String operatorNamespace) {
    var spec = platform.getSpec();
    var redis = spec.redis() != null ? spec.redis() : new RedisSpec(null, null, null, null);
    var defaults = ProfileDefaults.of(spec.profile());
    var mode = redis.mode() != null ? redis.mode() : defaults.redisMode();
    int replicas = mode == RedisSpec.Mode.standalone ? 1 : redis.replicas() != null ? redis.replicas() : Math.max(2, defaults.redisReplicas());
    return new RedisModel(
        spec.redis() != null,
        platform.getMetadata().getName(),
        platform.getMetadata().getNamespace(),
        mode,
        replicas,
        redis.storage() != null ? redis.storage() : defaults.redisStorage(),
        redis.version() != null ? redis.version() : DEFAULT_VERSION,
        DataServiceSettings.of(platform, cluster, operatorNamespace),
        null);
  }

  /** The same Redis serving TLS with the certificate of that checksum. */
  public RedisModel withTls(String checksum) {
    return new RedisModel(enabled, platform, namespace, mode, replicas, storage, version, settings, checksum);
  }

  public boolean tls() {
    return tlsChecksum != null;
  }

  public String tlsSecretName() {
    return name() + "-tls";
  }

  /** The names Redis's certificate is issued for: its Service, the instances, the Sentinels; the first is what Keelson expects. */
  public List<String> dnsNames() {
    var names = new java.util.ArrayList<String>();
    names.add(name() + "." + namespace + ".svc");
    names.add(name());
    names.add(name() + "." + namespace);
    // Instances by a wildcard, so that a change in their number does not reissue the certificate and roll every pod.
    names.add("*." + headlessName() + "." + namespace + ".svc");
    if (sentinel()) {
      names.add(sentinelName() + "." + namespace + ".svc");
      names.add("*." + sentinelName() + "." + namespace + ".svc");
    }
    return names;
  }

  public boolean sentinel() {
    return mode == RedisSpec.Mode.sentinel;
  }

  /** Name of the Redis StatefulSet and of the Service clients reach a standalone Redis through. */
  public String name() {
    return name(platform);
  }

  /** Name of a Platform's Redis StatefulSet. */
  public static String name(String platform) {
    return platform + "-redis";
  }

  public String headlessName() {
    return name() + "-headless";
  }

  public String sentinelName() {
    return name() + "-sentinel";
  }

  public String configName() {
    return name() + "-config";
  }

  /** The Secret holding the default user's generated password. */
  public String authSecretName() {
    return RedisAuth.secretName(platform);
  }

  /**
   * The volume claims the instances' data may be in (the StatefulSet's claim template {@code data}),
   * which hold the ACL file: every ordinal the CRD allows, as a scale-down retains its claims.
   */
  public List<String> dataClaims() {
    return java.util.stream.IntStream.range(0, MAX_REPLICAS).mapToObj(i -> "data-" + name() + "-" + i).toList();
  }

  /** The most instances {@code spec.redis.replicas} allows. */
  static final int MAX_REPLICAS = 9;

  /** The name sentinels monitor the master under. */
  public String masterName() {
    return platform;
  }

  /** DNS name of one Redis instance inside the cluster. */
  public String podHost(int ordinal) {
    return name() + "-" + ordinal + "." + headlessName() + "." + namespace + ".svc";
  }

  /** The address workloads connect to: the Service of a standalone Redis, the Sentinels' otherwise. */
  public String clientHost() {
    return (sentinel() ? sentinelName() : name()) + "." + namespace + ".svc";
  }

  /** Labels selecting the pods of one of the Platform's Redis StatefulSets. */
  public Map<String, String> selector(String workload) {
    return DataServiceObjects.selector(platform, workload);
  }

  /** Labels of every Redis object: owned by the Platform, component redis. */
  public Map<String, String> labels(String objectName) {
    return DataServiceObjects.labels(platform, KeelsonLabels.COMPONENT_REDIS, objectName);
  }

  public ObjectMeta metadata(String objectName) {
    return DataServiceObjects.metadata(objectName, namespace, labels(objectName), settings.ownerReferences());
  }
}
