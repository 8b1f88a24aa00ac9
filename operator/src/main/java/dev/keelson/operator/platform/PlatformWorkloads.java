package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.LocalObjectRef;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The workloads (Services and WorkerPools) of a Platform, as the Platform's reconciler sees them:
 * informers that wake the Platform when a workload is created, deleted or changes its spec, and the
 * topics they declare.
 */
final class PlatformWorkloads {
  static final String SERVICES = "workload-services";
  static final String WORKER_POOLS = "workload-workerpools";

  private PlatformWorkloads() {}

  static <W extends HasMetadata> InformerEventSource<W, Platform> informer(EventSourceContext<Platform> context,
      Class<W> type, String name, Function<W, LocalObjectRef> platformRef) {
    var configuration = InformerEventSourceConfiguration.from(type, Platform.class)
        .withName(name)
        .withNamespacesInheritedFromController()
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(new CompactItemStore<>())
        // Status writes do not change what a workload declares.
        .withOnUpdateFilter((next, old) -> !Objects.equals(next.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
        .withSecondaryToPrimaryMapper((W workload) -> {
          String namespace = workload.getMetadata().getNamespace();
          LocalObjectRef ref = platformRef.apply(workload);
          if (ref != null) return Set.of(new ResourceID(ref.name(), namespace));
          return context.getPrimaryCache().list(namespace).map(ResourceID::fromResource).collect(Collectors.toSet());
        })
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * The topics declared by every workload that may run on the Platform: those naming it and those
   * naming none. A workload whose Platform is ambiguous still counts, so that its topics are never
   * taken for undeclared.
   */
  static List<TopicDeclaration> topicDeclarations(Platform platform, Context<Platform> context) {
    String namespace = platform.getMetadata().getNamespace();
    var declarations = new ArrayList<TopicDeclaration>();
    cache(context, KeelsonService.class, SERVICES).list(namespace)
        .filter(s -> PlatformLookup.mayReferTo(s.getSpec().platformRef(), platform))
        .forEach(s -> declarations.addAll(TopicDeclaration.of(s)));
    cache(context, WorkerPool.class, WORKER_POOLS).list(namespace)
        .filter(p -> PlatformLookup.mayReferTo(p.getSpec().platformRef(), platform))
        .forEach(p -> declarations.addAll(TopicDeclaration.of(p)));
    return declarations;
  }

  @SuppressWarnings("unchecked")
  private static <W extends HasMetadata> InformerEventSource<W, Platform> cache(Context<Platform> context, Class<W> type, String name) {
    return (InformerEventSource<W, Platform>) context.eventSourceRetriever().getEventSourceFor(type, name);
  }
}
