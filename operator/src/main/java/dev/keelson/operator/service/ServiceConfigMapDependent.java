package dev.keelson.operator.service;

import dev.keelson.operator.workload.WorkloadDependent;
import dev.keelson.operator.workload.WorkloadModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/** The ConfigMap holding {@code spec.config}, mounted at /config; only when there is config. */
public class ServiceConfigMapDependent extends WorkloadDependent<ConfigMap> {

  @Override
  public Class<ConfigMap> resourceType() {
    return ConfigMap.class;
  }

  @Override
  public String name(WorkloadModel model) {
    return model.identity().configMapName();
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return !model.exposure().config().isEmpty();
  }

  @Override
  public ConfigMap desired(WorkloadModel model) {
    return new ConfigMapBuilder().withMetadata(metadata(model)).withData(model.exposure().config()).build();
  }
}
