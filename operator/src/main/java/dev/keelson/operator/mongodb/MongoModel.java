package dev.keelson.operator.mongodb;

import dev.keelson.operator.api.v1alpha1.MongoDbSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.profile.ProfileDefaults;
import dev.keelson.operator.dataservice.DataServiceObjects;
import dev.keelson.operator.dataservice.DataServiceSettings;
import dev.keelson.operator.dataservice.StatefulSetDataService;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A Platform's MongoDB replica set on one target cluster, profile defaults applied.
 *
 * @param enabled whether the Platform has MongoDB; when not, the model only names the objects to remove
 * @param members the members the spec asks for
 * @param tlsChecksum SHA-256 of the members' certificate when they serve TLS (the Platform's CA), else null
 * @param pods the pods to run: the members asked for, or more while members are still being
 *     removed from the replica set one at a time (a pod leaves only once its member has)
 */
public record MongoModel(
    boolean enabled,
    String platform,
    String namespace,
    int members,
    int pods,
    String storage,
    String version,
    DataServiceSettings settings,
    String tlsChecksum) implements StatefulSetDataService.Model {

  public static final int PORT = 27017;
  public static final String DEFAULT_VERSION = "7.0";
  /** The replica set's administrator, created by the image on a member's first start. */
  public static final String ADMIN_USER = "keelson-admin";

  /**
   * @param configuredMembers members in the replica set's configuration as last seen (status), 0 if unknown
   */
  public static MongoModel resolve(Platform platform, TargetCluster cluster, String operatorNamespace, int configuredMembers) {
    var spec = platform.getSpec();
    var mongo = spec.mongodb() != null ? spec.mongodb() : new MongoDbSpec(null, null, null);
    var defaults = ProfileDefaults.of(spec.profile());
    int members = mongo.members() != null ? mongo.members() : defaults.mongoMembers();
    return new MongoModel(
        spec.mongodb() != null,
        platform.getMetadata().getName(),
        platform.getMetadata().getNamespace(),
        members,
        Math.max(members, configuredMembers),
        mongo.storage() != null ? mongo.storage() : defaults.mongoStorage(),
        mongo.version() != null ? mongo.version() : DEFAULT_VERSION,
        DataServiceSettings.of(platform, cluster, operatorNamespace),
        null);
  }

  /** The same replica set serving TLS with the certificate of that checksum. */
  public MongoModel withTls(String checksum) {
    return new MongoModel(enabled, platform, namespace, members, pods, storage, version, settings, checksum);
  }

  public boolean tls() {
    return tlsChecksum != null;
  }

  public String tlsSecretName() {
    return name() + "-tls";
  }

  /** The names the members' certificate is issued for: the Service, then the members; the first is what Keelson expects. */
  public List<String> dnsNames() {
    var names = new java.util.ArrayList<String>();
    names.add(name() + "." + namespace + ".svc");
    names.add(name());
    // Members by a wildcard, so that a member change does not reissue the certificate and roll every pod.
    names.add("*." + name() + "." + namespace + ".svc");
    return names;
  }

  /** Name of the StatefulSet, of its headless Service and of the replica set. */
  public String name() {
    return platform + "-mongodb";
  }

  public String replicaSetName() {
    return name();
  }

  public String keyfileSecretName() {
    return name() + "-keyfile";
  }

  public String adminSecretName() {
    return name() + "-admin";
  }

  /** host:port of member {@code ordinal} inside the cluster. */
  public String memberHost(int ordinal) {
    return name() + "-" + ordinal + "." + name() + "." + namespace + ".svc:" + PORT;
  }

  /**
   * The volume claims the members' data may be in (the StatefulSet's claim template {@code data}),
   * which hold the administrator and users: every ordinal the CRD allows, as a scale-down retains its claims.
   */
  public List<String> dataClaims() {
    return java.util.stream.IntStream.range(0, MAX_MEMBERS).mapToObj(i -> "data-" + name() + "-" + i).toList();
  }

  /** The most members {@code spec.mongodb.members} allows. */
  static final int MAX_MEMBERS = 7;

  /** host:port of every member the spec asks for, in ordinal order. */
  public List<String> memberHosts() {
    return IntStream.range(0, members).mapToObj(this::memberHost).toList();
  }

  public Map<String, String> selector() {
    return DataServiceObjects.selector(platform, name());
  }

  public Map<String, String> labels() {
    return DataServiceObjects.labels(platform, KeelsonLabels.COMPONENT_MONGODB, name());
  }

  public ObjectMeta metadata(String objectName) {
    return DataServiceObjects.metadata(objectName, namespace, labels(), settings.ownerReferences());
  }
}
