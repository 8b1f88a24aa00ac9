package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** Stable DNS names for the Redis instances ({@code <platform>-redis-<n>.<platform>-redis-headless}). */
public class RedisHeadlessServiceDependent extends RedisDependent<Service> {

  @Override
  public Class<Service> resourceType() {
    return Service.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.headlessName();
  }

  @Override
  public Service desired(RedisModel model) {
    return new ServiceBuilder()
        .withMetadata(model.metadata(model.headlessName()))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(model.selector(model.name()))
        .addNewPort().withName("redis").withPort(RedisModel.PORT).withNewTargetPort("redis").endPort()
        .endSpec()
        .build();
  }
}
