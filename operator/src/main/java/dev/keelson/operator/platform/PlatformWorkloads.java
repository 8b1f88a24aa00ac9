package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.LocalObjectRef;
import dev.keelson.operator.api.v1alpha1.Placement;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.cluster.PlacementMatcher;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.dataservice.DataConsumer;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.RemoteClusterSources;
import dev.keelson.operator.workload.PlatformLookup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The workloads (Services and WorkerPools) of a Platform, as the Platform's reconciler sees them:
 * informers that wake the Platform when a workload is created, deleted or changes its spec, which
 * of them are placed where, and what they use.
 */
final class PlatformWorkloads {
  static final String SERVICES = "workload-services";
  static final String WORKER_POOLS = "workload-workerpools";
  static final String CREDENTIALS = "workload-credentials";

  private PlatformWorkloads() {}

  /** Each workload as the Platform reads it: its identity, generation and spec ({@link CompactItemStore#specOnly()}). */
  static <W extends CustomResource<?, ?>> InformerEventSource<W, Platform> informer(EventSourceContext<Platform> context,
      Class<W> type, String name, Function<W, LocalObjectRef> platformRef) {
    var configuration = InformerEventSourceConfiguration.from(type, Platform.class)
        .withName(name)
        .withNamespacesInheritedFromController()
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(CompactItemStore.unlessShared(context, null, CompactItemStore::<W>specOnly))
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
   * The workloads that may run on the Platform (those naming it and those naming none) and are
   * placed on one of these clusters. A workload whose Platform is ambiguous still counts, so that
   * its topics are never taken for undeclared.
   */
  static PlatformScope.Placed placedOn(Platform platform, Context<Platform> context, List<String> clusters) {
    String namespace = platform.getMetadata().getNamespace();
    var labels = clusterLabels(platform);
    Predicate<Placement> placed = placement -> clusters.stream()
        .anyMatch(c -> PlacementMatcher.places(placement, c, labels.getOrDefault(c, Map.of())));
    var services = cache(context, KeelsonService.class, SERVICES).list(namespace)
        .filter(s -> PlatformLookup.mayReferTo(s.getSpec().platformRef(), platform) && placed.test(s.getSpec().placement()))
        .toList();
    var pools = cache(context, WorkerPool.class, WORKER_POOLS).list(namespace)
        .filter(p -> PlatformLookup.mayReferTo(p.getSpec().platformRef(), platform) && placed.test(p.getSpec().placement()))
        .toList();
    return new PlatformScope.Placed(services, pools);
  }

  private static Map<String, Map<String, String>> clusterLabels(Platform platform) {
    var labels = new HashMap<String, Map<String, String>>();
    var clusters = platform.getSpec() == null ? null : platform.getSpec().clusters();
    if (clusters != null) clusters.forEach(c -> labels.put(c.name(), c.labels() == null ? Map.of() : c.labels()));
    return labels;
  }

  /**
   * The workloads' credentials Secrets on one cluster: a rotation changes the passwords the
   * Platform's Redis and MongoDB there must accept, and a new workload needs its users.
   *
   * @param name the informer's name: {@link #CREDENTIALS} on the operator's own cluster
   * @param client the remote cluster's client, or null for the operator's own
   * @param namespace on a remote cluster, the one namespace to watch
   */
  static InformerEventSource<Secret, Platform> credentialsInformer(EventSourceContext<Platform> context, String name,
      KubernetesClient client, String namespace) {
    var configuration = OwnedResourceInformers.on(Secret.class, Platform.class, client, namespace)
        .withName(name)
        .withLabelSelector(KeelsonLabels.MANAGED_BY + "=" + KeelsonLabels.MANAGER + "," + Credentials.LABEL + "=true")
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(CompactItemStore.unlessShared(context, client == null ? null : namespace, CompactItemStore::new))
        .withSecondaryToPrimaryMapper((Secret secret) -> {
          String platform = secret.getMetadata().getLabels().get(KeelsonLabels.PART_OF);
          return platform == null ? Set.of() : Set.of(new ResourceID(platform, secret.getMetadata().getNamespace()));
        })
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The informer of the workloads' credentials Secrets on each remote cluster. */
  static RemoteClusterSources.Extra<Platform> remoteCredentials() {
    return new RemoteClusterSources.Extra<>(CREDENTIALS, PlatformWorkloads::credentialsInformer);
  }

  /**
   * The workloads that may run on the Platform and declare data services, with their credentials
   * Secrets on that cluster (none where a workload does not run), each with only the uses the
   * Platform grants it ({@link DataClaims}).
   */
  static List<DataConsumer> consumers(Platform platform, Context<Platform> context, TargetCluster cluster, DataClaims.Granted claims) {
    String source = remoteCredentials().eventSourceName(cluster);
    @SuppressWarnings("unchecked")
    var credentials = (InformerEventSource<Secret, Platform>) context.eventSourceRetriever().getEventSourceFor(Secret.class, source);
    return claims.apply(declared(platform, context, id -> credentials.get(id).orElse(null)));
  }

  /**
   * Who holds each Redis key prefix and MongoDB database of the Platform ({@link DataClaims}),
   * given the refusals of the previous status and the uses granted at the previous reconcile.
   */
  static DataClaims.Granted claims(Platform platform, Context<Platform> context, java.util.Set<String> grantedBefore) {
    var refusedBefore = platform.getStatus() == null ? null : platform.getStatus().refusedUses();
    return DataClaims.grant(declared(platform, context, id -> null), refusedBefore, grantedBefore);
  }

  private static List<DataConsumer> declared(Platform platform, Context<Platform> context, Function<ResourceID, Secret> credentials) {
    String namespace = platform.getMetadata().getNamespace();
    var consumers = new ArrayList<DataConsumer>();
    java.util.function.BiConsumer<HasMetadata, Uses> add = (workload, uses) -> {
      if (uses == null) return;
      var id = new ResourceID(Credentials.secretName(workload.getMetadata().getName()), namespace);
      // A Service and a WorkerPool of one name share the Secret's name: it is the credentials of the one whose kind it says.
      var secret = credentials.apply(id);
      if (secret != null && !workload.getKind().equals(secret.getMetadata().getLabels().get(KeelsonLabels.OWNER_KIND))) secret = null;
      consumers.add(new DataConsumer(workload.getKind(), workload.getMetadata().getName(), workload.getMetadata().getCreationTimestamp(), uses,
          secret == null ? null : passwords(secret)));
    };
    cache(context, KeelsonService.class, SERVICES).list(namespace)
        .filter(s -> PlatformLookup.mayReferTo(s.getSpec().platformRef(), platform))
        .forEach(s -> add.accept(s, s.getSpec().uses()));
    cache(context, WorkerPool.class, WORKER_POOLS).list(namespace)
        .filter(p -> PlatformLookup.mayReferTo(p.getSpec().platformRef(), platform))
        .forEach(p -> add.accept(p, p.getSpec().uses()));
    return consumers;
  }

  private static DataConsumer.Passwords passwords(Secret credentials) {
    return new DataConsumer.Passwords(Credentials.generation(credentials), Credentials.passwords(credentials, Credentials.REDIS_PASSWORD),
        Credentials.passwords(credentials, Credentials.MONGODB_PASSWORD));
  }

  @SuppressWarnings("unchecked")
  private static <W extends HasMetadata> InformerEventSource<W, Platform> cache(Context<Platform> context, Class<W> type, String name) {
    return (InformerEventSource<W, Platform>) context.eventSourceRetriever().getEventSourceFor(type, name);
  }
}
