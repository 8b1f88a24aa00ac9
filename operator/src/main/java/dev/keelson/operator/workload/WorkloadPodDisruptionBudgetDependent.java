package dev.keelson.operator.workload;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** At most one pod voluntarily disrupted at a time, for Services that run two or more. */
public class WorkloadPodDisruptionBudgetDependent extends WorkloadDependent<PodDisruptionBudget> {

  @Override
  public Class<PodDisruptionBudget> resourceType() {
    return PodDisruptionBudget.class;
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return model.scaling().minimumReplicas() >= 2;
  }

  @Override
  public PodDisruptionBudget desired(WorkloadModel model) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(model))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(model.identity().selectorLabels()).endSelector()
        .endSpec()
        .build();
  }
}
