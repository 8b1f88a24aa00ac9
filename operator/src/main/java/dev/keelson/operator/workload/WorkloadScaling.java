package dev.keelson.operator.workload;

/**
 * How many pods the workload runs, and who sets the count.
 *
 * @param replicas the replica count to apply, or null when another manager owns it (an HPA, or
 *     Keelson's lag autoscaler through the scale subresource)
 * @param minimumReplicas the fewest pods the workload runs with: what a PodDisruptionBudget protects
 * @param handoverReplicas when autoscaled: the count to hand to the autoscaler under a field manager
 *     of its own ({@link ReplicaHandover}), or null when there is nothing to hand over
 * @param autoscaling the resolved autoscaling range, or null when the count is fixed
 */
public record WorkloadScaling(Integer replicas, int minimumReplicas, Integer handoverReplicas, Autoscaling autoscaling) {

  /** The autoscaling range and targets, profile defaults applied. */
  public record Autoscaling(int minReplicas, int maxReplicas, Integer cpuPercent, Integer memoryPercent) {}
}
