package dev.keelson.operator.redis;

import dev.keelson.operator.reconcile.KubernetesDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A dependent of a Platform's Redis: wanted while the Platform has Redis, unless it says otherwise. */
abstract class RedisDependent<R extends HasMetadata> implements KubernetesDependent<RedisModel, R> {

  @Override
  public boolean wanted(RedisModel model) {
    return model.enabled();
  }
}
