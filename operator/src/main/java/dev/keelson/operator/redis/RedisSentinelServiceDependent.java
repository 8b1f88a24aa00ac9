package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The Sentinels' addresses, headless: clients and Sentinels find each one by name. Only in sentinel mode. */
public class RedisSentinelServiceDependent extends RedisSentinelDependent<Service> {

  @Override
  public Class<Service> resourceType() {
    return Service.class;
  }

  @Override
  public Service desired(RedisModel model) {
    return new ServiceBuilder()
        .withMetadata(model.metadata(model.sentinelName()))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(model.selector(model.sentinelName()))
        .addNewPort().withName("sentinel").withPort(RedisModel.SENTINEL_PORT).withNewTargetPort("sentinel").endPort()
        .endSpec()
        .build();
  }
}
