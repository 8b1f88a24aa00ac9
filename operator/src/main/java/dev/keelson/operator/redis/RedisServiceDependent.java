package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The address of a standalone Redis. In sentinel mode there is none: a Service spreading clients
 * over master and replicas would send writes to replicas, so clients ask the Sentinels instead.
 */
public class RedisServiceDependent extends RedisDependent<Service> {

  @Override
  public Class<Service> resourceType() {
    return Service.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.name();
  }

  @Override
  public boolean wanted(RedisModel model) {
    return model.enabled() && !model.sentinel();
  }

  @Override
  public Service desired(RedisModel model) {
    return new ServiceBuilder()
        .withMetadata(model.metadata(model.name()))
        .withNewSpec()
        .withSelector(model.selector(model.name()))
        .addNewPort().withName("redis").withPort(RedisModel.PORT).withNewTargetPort("redis").endPort()
        .endSpec()
        .build();
  }
}
