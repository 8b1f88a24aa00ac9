package dev.keelson.operator.mongodb;

import dev.keelson.operator.reconcile.KubernetesDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A dependent of a Platform's MongoDB: wanted while the Platform has MongoDB, unless it says otherwise. */
abstract class MongoDependent<R extends HasMetadata> implements KubernetesDependent<MongoModel, R> {

  @Override
  public String name(MongoModel model) {
    return model.name();
  }

  @Override
  public boolean wanted(MongoModel model) {
    return model.enabled();
  }
}
