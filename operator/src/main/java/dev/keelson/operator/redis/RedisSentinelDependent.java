package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A dependent of the Sentinels: named after them, wanted only in sentinel mode. */
abstract class RedisSentinelDependent<R extends HasMetadata> extends RedisDependent<R> {

  @Override
  public String name(RedisModel model) {
    return model.sentinelName();
  }

  @Override
  public boolean wanted(RedisModel model) {
    return model.enabled() && model.sentinel();
  }
}
