package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.ServiceSpec.Expose;

/**
 * Everything the dependents of a workload (a Service or a WorkerPool) need, resolved once per
 * reconcile and per target cluster by the kind's model factory: the spec with the Platform's
 * profile defaults and the cluster's overrides applied. Immutable; every dependent's desired
 * object is a pure function of it. The Service-only parts (the exposure, the autoscaling) are
 * empty for a WorkerPool, whose dependent set has no ConfigMap, Service, HPA or Ingress.
 *
 * @param identity which workload, on which cluster: the names and labels of its objects
 * @param pods what its pods run and how they roll
 * @param exposure its configuration and who may reach it; {@link WorkloadExposure#NONE} for a WorkerPool
 * @param dataAccess the data services its pods reach, and its binding Secret
 * @param scaling its replica counts and autoscaling range
 */
public record WorkloadModel(
    WorkloadIdentity identity,
    WorkloadPods pods,
    WorkloadExposure exposure,
    WorkloadDataAccess dataAccess,
    WorkloadScaling scaling) {

  /** Credentials stay out of logs: the binding's values are not printed. */
  @Override
  public String toString() {
    return "WorkloadModel[" + identity.namespace() + "/" + identity.name() + " on " + identity.cluster()
        + ", binding keys " + dataAccess.binding().keySet() + "]";
  }

  /** The URL a Service with this exposure is reachable at, or null when it is not exposed. */
  public static String url(Expose expose) {
    if (expose == null) return null;
    String path = expose.path() == null ? "/" : expose.path();
    return (expose.tlsSecretName() != null ? "https://" : "http://") + expose.host() + path;
  }
}
