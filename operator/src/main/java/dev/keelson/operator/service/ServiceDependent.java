package dev.keelson.operator.service;

import dev.keelson.operator.reconcile.KubernetesDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A dependent of a Service: named after it unless it says otherwise, labelled and owned alike. */
abstract class ServiceDependent<R extends HasMetadata> implements KubernetesDependent<ServiceModel, R> {

  @Override
  public String name(ServiceModel model) {
    return model.name();
  }

  protected ObjectMeta metadata(ServiceModel model) {
    return new ObjectMetaBuilder()
        .withName(name(model))
        .withNamespace(model.namespace())
        .withLabels(model.labels())
        .withOwnerReferences(model.ownerReferences())
        .build();
  }
}
