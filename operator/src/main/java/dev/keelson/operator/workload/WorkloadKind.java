package dev.keelson.operator.workload;

import dev.keelson.operator.reconcile.KeelsonLabels;

/** The custom resource kinds that run pods: the value of their objects' owner-kind label, and their pods' component. */
public enum WorkloadKind {
  Service(KeelsonLabels.COMPONENT_SERVICE),
  WorkerPool(KeelsonLabels.COMPONENT_WORKER);

  private final String component;

  WorkloadKind(String component) {
    this.component = component;
  }

  /** The {@value KeelsonLabels#COMPONENT} label of the kind's pods. */
  public String component() {
    return component;
  }
}
