package dev.keelson.operator.service;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.workload.WorkloadModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/** What the benchmarks of other packages need of the Service reconciler: its fixtures and the objects it applies. */
public final class ServiceBenchmarks {
  private ServiceBenchmarks() {}

  public static Platform platform(String namespace, String name) {
    return Fixtures.platform(namespace, name);
  }

  public static KeelsonService service(String namespace, String name) {
    return Fixtures.service(namespace, name);
  }

  /** The model of a Service on a cluster, without generated Secrets (the benchmarks' Services use no data service). */
  public static WorkloadModel model(KeelsonService service, Platform platform, TargetCluster cluster, KeelsonSettings settings) {
    return ServiceModelFactory.resolve(service, platform, cluster, settings, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The objects the reconciler applies for the model. */
  public static List<HasMetadata> desired(WorkloadModel model) {
    return ServiceReconciler.DEPENDENTS.desired(model);
  }

  /** How many objects a benchmark Service owns on one cluster. */
  public static int objectsPerService(String namespace) {
    var model = model(service(namespace, "probe"), platform(namespace, "shop"), new TargetCluster(TargetCluster.LOCAL, null, null, null, true),
        new KeelsonSettings("ingress-nginx"));
    return desired(model).size();
  }
}
