package dev.keelson.operator.service;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/** The ConfigMap holding {@code spec.config}, mounted at /config; only when there is config. */
public class ServiceConfigMapDependent extends ServiceDependent<ConfigMap> {

  @Override
  public Class<ConfigMap> resourceType() {
    return ConfigMap.class;
  }

  @Override
  public String name(ServiceModel model) {
    return model.configMapName();
  }

  @Override
  public boolean wanted(ServiceModel model) {
    return !model.config().isEmpty();
  }

  @Override
  public ConfigMap desired(ServiceModel model) {
    return new ConfigMapBuilder().withMetadata(metadata(model)).withData(model.config()).build();
  }
}
