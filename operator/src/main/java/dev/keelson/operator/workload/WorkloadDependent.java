package dev.keelson.operator.workload;

import dev.keelson.operator.reconcile.KubernetesDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A dependent of a workload (a Service or a WorkerPool): named after it unless it says otherwise, labelled and owned alike. */
public abstract class WorkloadDependent<R extends HasMetadata> implements KubernetesDependent<WorkloadModel, R> {

  @Override
  public String name(WorkloadModel model) {
    return model.identity().name();
  }

  protected ObjectMeta metadata(WorkloadModel model) {
    return new ObjectMetaBuilder()
        .withName(name(model))
        .withNamespace(model.identity().namespace())
        .withLabels(model.identity().labels())
        .withOwnerReferences(model.identity().ownerReferences())
        .build();
  }
}
