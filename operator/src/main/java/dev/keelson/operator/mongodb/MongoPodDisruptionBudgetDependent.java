package dev.keelson.operator.mongodb;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** At most one member down for voluntary disruptions, so a majority stays; not for a single member. */
public class MongoPodDisruptionBudgetDependent extends MongoDependent<PodDisruptionBudget> {

  @Override
  public Class<PodDisruptionBudget> resourceType() {
    return PodDisruptionBudget.class;
  }

  @Override
  public boolean wanted(MongoModel model) {
    return model.enabled() && model.pods() > 1;
  }

  @Override
  public PodDisruptionBudget desired(MongoModel model) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(model.metadata(model.name()))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(model.selector()).endSelector()
        .endSpec()
        .build();
  }
}
