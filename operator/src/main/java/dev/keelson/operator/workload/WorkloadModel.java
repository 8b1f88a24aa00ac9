package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Expose;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Health;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Rollout;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.ServicePort;
import dev.keelson.operator.reconcile.KeelsonLabels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the dependents of a workload (a Service or a WorkerPool) need, resolved once per
 * reconcile and per target cluster by the kind's model factory: the spec with the Platform's
 * profile defaults and the cluster's overrides applied. Immutable; every dependent's desired
 * object is a pure function of it. The Service-only parts (config, expose, allowFrom, autoscaling)
 * are empty for a WorkerPool, whose dependent set has no ConfigMap, Service, HPA or Ingress.
 *
 * @param kind the owner's kind: names its objects' owner labels and its pods' component
 * @param ports the container's ports; the first one serves the health probes (for a WorkerPool,
 *     only its health port)
 * @param replicas the replica count to apply, or null when another manager owns it (an HPA, or
 *     Keelson's lag autoscaler through the scale subresource)
 * @param minimumReplicas the fewest pods the workload runs with: what a PodDisruptionBudget protects
 * @param handoverReplicas when autoscaled: the count to hand to the autoscaler under a field manager
 *     of its own ({@link ReplicaHandover}), or null when there is nothing to hand over
 * @param autoscaling the resolved autoscaling range, or null when the count is fixed
 * @param config the entries of the ConfigMap, sorted; empty when the spec has none
 * @param kafkaPorts ports of the Platform's Kafka brokers, when the Service uses Kafka
 * @param usesRedis whether the Service declares uses.redis (its pods may reach Redis)
 * @param usesMongoDb whether the Service declares uses.mongodb (its pods may reach MongoDB)
 * @param binding the entries of the binding Secret ({@link dev.keelson.operator.binding.BindingEntries}), sorted;
 *     empty when the Service uses no data service
 * @param kafkaAuthSecret the Platform's Kafka auth Secret, projected into the kafka binding, or null
 * @param tlsChecksum SHA-256 of the Service's certificate and trusted CAs when the Platform issues
 *     certificates (mounted at /tls), else null
 * @param ownerReferences owner references to the custom resource; empty on a remote cluster
 */
public record WorkloadModel(
    WorkloadKind kind,
    String name,
    String namespace,
    String platform,
    Profile profile,
    String cluster,
    String image,
    List<ServicePort> ports,
    Integer replicas,
    int minimumReplicas,
    Integer handoverReplicas,
    Autoscaling autoscaling,
    ResourceRequirements resources,
    List<EnvVar> env,
    Health health,
    Rollout rollout,
    boolean automountServiceAccountToken,
    long terminationGraceSeconds,
    boolean highAvailability,
    SortedMap<String, String> config,
    Expose expose,
    String ingressClassName,
    String ingressControllerNamespace,
    List<String> allowFrom,
    List<Integer> kafkaPorts,
    boolean usesRedis,
    boolean usesMongoDb,
    boolean networkPolicies,
    SortedMap<String, String> binding,
    String kafkaAuthSecret,
    String tlsChecksum,
    List<OwnerReference> ownerReferences) {

  public WorkloadModel {
    ports = ports == null ? List.of() : List.copyOf(ports);
    env = env == null ? List.of() : List.copyOf(env);
    config = config == null ? new TreeMap<>() : new TreeMap<>(config);
    allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
    kafkaPorts = kafkaPorts == null ? List.of() : List.copyOf(kafkaPorts);
    binding = binding == null ? new TreeMap<>() : new TreeMap<>(binding);
    ownerReferences = List.copyOf(ownerReferences);
  }

  /** Credentials stay out of logs: the binding's values are not printed. */
  @Override
  public String toString() {
    return "WorkloadModel[" + namespace + "/" + name + " on " + cluster + ", binding keys " + binding.keySet() + "]";
  }

  public String tlsSecretName() {
    return name + "-tls";
  }

  public String credentialsSecretName() {
    return name + "-credentials";
  }

  /** The autoscaling range and targets, profile defaults applied. */
  public record Autoscaling(int minReplicas, int maxReplicas, Integer cpuPercent, Integer memoryPercent) {}

  public Map<String, String> labels() {
    return KeelsonLabels.owned(kind.name(), name, kind.component(), platform);
  }

  public Map<String, String> selectorLabels() {
    return KeelsonLabels.selector(name);
  }

  public String configMapName() {
    return name + "-config";
  }

  public String bindingSecretName() {
    return name + "-binding";
  }

  /** The URL a Service with this exposure is reachable at, or null when it is not exposed. */
  public static String url(Expose expose) {
    if (expose == null) return null;
    String path = expose.path() == null ? "/" : expose.path();
    return (expose.tlsSecretName() != null ? "https://" : "http://") + expose.host() + path;
  }
}
