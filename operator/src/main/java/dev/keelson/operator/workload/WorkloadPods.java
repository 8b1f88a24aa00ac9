package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.ServiceSpec.Health;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.Rollout;
import dev.keelson.operator.api.v1alpha1.ServiceSpec.ServicePort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * What the workload's pods run and how they roll: the container, its probes and the pod settings,
 * defaults applied.
 *
 * @param image the container image
 * @param ports the container's ports; the first one serves the health probes (for a WorkerPool,
 *     only its health port)
 * @param resources the container's resources: the spec's, else the profile's defaults
 * @param env the container's environment as the spec and the kind declare it
 * @param health the paths of the liveness, readiness and startup probes
 * @param rollout the rolling update's maxSurge and maxUnavailable
 * @param automountServiceAccountToken whether the pods mount a service account token
 * @param terminationGraceSeconds seconds a pod gets to finish its work when it stops
 * @param highAvailability whether the pods are spread over zones and hosts (the profile says so)
 * @param tlsChecksum SHA-256 of the workload's certificate and trusted CAs when the Platform issues
 *     certificates (mounted at /tls), else null
 */
public record WorkloadPods(
    String image,
    List<ServicePort> ports,
    ResourceRequirements resources,
    List<EnvVar> env,
    Health health,
    Rollout rollout,
    boolean automountServiceAccountToken,
    long terminationGraceSeconds,
    boolean highAvailability,
    String tlsChecksum) {

  public WorkloadPods {
    ports = ports == null ? List.of() : List.copyOf(ports);
    env = env == null ? List.of() : List.copyOf(env);
  }

  /** The environment's values may be literal secrets: only the variables' names are printed. */
  @Override
  public String toString() {
    return "WorkloadPods[" + image + ", env " + env.stream().map(EnvVar::getName).toList() + "]";
  }
}
