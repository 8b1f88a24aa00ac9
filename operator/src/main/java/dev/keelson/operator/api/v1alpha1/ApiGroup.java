package dev.keelson.operator.api.v1alpha1;

/** Names shared by the three kinds. */
public final class ApiGroup {
  public static final String GROUP = "platform.keelson.dev";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "keelson";

  /** DNS-1123 label: what Kubernetes accepts as a Service, namespace or cluster name. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  /** A duration such as {@code 500ms}, {@code 10s}, {@code 1m}, {@code 7d} or {@code 1h30m}. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h|d))+$";
  /** A Kubernetes quantity for storage, such as {@code 20Gi} or {@code 500M}. */
  public static final String STORAGE_QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";
  /** A Kafka topic name (without the Platform's prefix). */
  public static final String TOPIC_NAME = "^[a-zA-Z0-9._-]{1,200}$";

  /**
   * CEL on a workload's root: its name becomes the name of a Kubernetes Service and Deployment
   * (a DNS-1035 label) and the value of its pods' labels, so at most 63 characters.
   */
  public static final String WORKLOAD_NAME_RULE =
      "oldSelf.hasValue() || (self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63)";
  public static final String WORKLOAD_NAME_MESSAGE =
      "metadata.name: the name becomes a Kubernetes Service's and Deployment's: at most 63 lowercase letters, digits and '-', starting with a letter";
  /**
   * CEL on a workload's root: the names Keelson derives for a Platform's own objects. A workload
   * named {@code shop-redis} would derive the Kubernetes Service, ConfigMap and certificate of
   * Platform shop's Redis; {@code keelson-default-deny} the namespace's default-deny policy.
   */
  public static final String RESERVED_NAME_RULE =
      "oldSelf.hasValue() || (!self.metadata.name.startsWith('keelson-') && !self.metadata.name.endsWith('-redis')"
          + " && !self.metadata.name.endsWith('-redis-headless') && !self.metadata.name.endsWith('-redis-sentinel')"
          + " && !self.metadata.name.endsWith('-mongodb'))";
  /**
   * The same rules for the reconciler: the CRD checks them when a workload is created (a name never
   * changes, and an object made before the rule must stay updatable), the reconciler refuses to
   * apply anything for one made before it.
   */
  public static final java.util.List<String> RESERVED_NAME_SUFFIXES = java.util.List.of("-redis", "-redis-headless", "-redis-sentinel", "-mongodb");
  public static final String RESERVED_NAME_PREFIX = "keelson-";
  public static final String RESERVED_NAME_MESSAGE =
      "metadata.name: names starting with keelson- or ending in -redis, -redis-headless, -redis-sentinel or -mongodb are reserved"
          + " for the objects of a Platform's data services; choose another name";
  /**
   * CEL on a workload's env: Secrets only Keelson writes, by the suffixes of their names: the
   * Platform's CA and data-service credentials, and every workload's generated credentials and
   * binding (a workload gets its own mounted at /bindings already).
   */
  public static final String ENV_SECRET_RULE =
      "!has(self.env) || self.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef)"
          + " || !has(e.valueFrom.secretKeyRef.name) || !("
          + "e.valueFrom.secretKeyRef.name.endsWith('-ca') || e.valueFrom.secretKeyRef.name.endsWith('-redis-auth') || e.valueFrom.secretKeyRef.name.endsWith('-redis-tls')"
          + " || e.valueFrom.secretKeyRef.name.endsWith('-mongodb-admin') || e.valueFrom.secretKeyRef.name.endsWith('-mongodb-keyfile') || e.valueFrom.secretKeyRef.name.endsWith('-mongodb-tls')"
          + " || e.valueFrom.secretKeyRef.name.endsWith('-credentials') || e.valueFrom.secretKeyRef.name.endsWith('-binding')"
          + " || e.valueFrom.secretKeyRef.name.endsWith('-tls')"
          + "))";
  public static final String ENV_SECRET_MESSAGE =
      "env may not read Secrets Keelson generates (names ending in -ca, -redis-auth, -mongodb-admin, -mongodb-keyfile, -credentials,"
          + " -binding or -tls): the workload's own credentials are mounted at /bindings and its certificate at /tls";
  /** The name suffixes of {@link #ENV_SECRET_RULE}, for the reconciler's check of objects admitted before the rule. */
  public static final java.util.List<String> GENERATED_SECRET_SUFFIXES =
      java.util.List.of("-ca", "-redis-auth", "-redis-tls", "-mongodb-admin", "-mongodb-keyfile", "-mongodb-tls", "-credentials", "-binding", "-tls");
  /** CEL on a workload's env: the ConfigMaps of a Platform's data services (their start scripts). */
  public static final String ENV_CONFIG_MAP_RULE =
      "!has(self.env) || self.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.configMapKeyRef)"
          + " || !has(e.valueFrom.configMapKeyRef.name) || !e.valueFrom.configMapKeyRef.name.endsWith('-redis-config'))";
  public static final String ENV_CONFIG_MAP_MESSAGE =
      "env may not read the ConfigMaps of a Platform's data services (names ending in -redis-config)";

  /** Annotation that stops every write for one Service or WorkerPool while set to "true". */
  public static final String PAUSED_ANNOTATION = "keelson.dev/paused";

  private ApiGroup() {}

  /** Whether the object carries {@link #PAUSED_ANNOTATION}=true. */
  public static boolean paused(io.fabric8.kubernetes.api.model.HasMetadata object) {
    var annotations = object.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(PAUSED_ANNOTATION));
  }
}
