package dev.keelson.operator.mongodb;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The members' stable DNS names ({@code <platform>-mongodb-<n>.<platform>-mongodb}): headless, ready or not. */
public class MongoServiceDependent extends MongoDependent<Service> {

  @Override
  public Class<Service> resourceType() {
    return Service.class;
  }

  @Override
  public Service desired(MongoModel model) {
    return new ServiceBuilder()
        .withMetadata(model.metadata(model.name()))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(model.selector())
        .addNewPort().withName("mongodb").withPort(MongoModel.PORT).withNewTargetPort("mongodb").endPort()
        .endSpec()
        .build();
  }
}
