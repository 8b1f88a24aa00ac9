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

  /** Annotation that stops every write for one Service or WorkerPool while set to "true". */
  public static final String PAUSED_ANNOTATION = "keelson.dev/paused";

  private ApiGroup() {}

  /** Whether the object carries {@link #PAUSED_ANNOTATION}=true. */
  public static boolean paused(io.fabric8.kubernetes.api.model.HasMetadata object) {
    var annotations = object.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(PAUSED_ANNOTATION));
  }
}
