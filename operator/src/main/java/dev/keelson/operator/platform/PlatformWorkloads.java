package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.LocalObjectRef;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.redis.RedisUser;
import io.fabric8.kubernetes.api.model.Secret;
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
  static final String CREDENTIALS = "workload-credentials";

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

  /** The workloads' credentials Secrets: a rotation changes the passwords the Platform's Redis must accept. */
  static InformerEventSource<Secret, Platform> credentialsInformer(EventSourceContext<Platform> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, Platform.class)
        .withName(CREDENTIALS)
        .withLabelSelector(KeelsonLabels.MANAGED_BY + "=" + KeelsonLabels.MANAGER + "," + Credentials.LABEL + "=true")
        .withNamespacesInheritedFromController()
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(new CompactItemStore<>())
        .withSecondaryToPrimaryMapper((Secret secret) -> {
          String platform = secret.getMetadata().getLabels().get(KeelsonLabels.PART_OF);
          return platform == null ? Set.of() : Set.of(new ResourceID(platform, secret.getMetadata().getNamespace()));
        })
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * The ACL users of the workloads that declare uses.redis and may run on the Platform, with the
   * passwords of their credentials Secrets; a workload whose Secret does not exist yet has none.
   */
  static List<RedisUser> redisUsers(Platform platform, Context<Platform> context) {
    String namespace = platform.getMetadata().getNamespace();
    var credentials = context.eventSourceRetriever().getEventSourceFor(Secret.class, CREDENTIALS);
    var users = new ArrayList<RedisUser>();
    cache(context, KeelsonService.class, SERVICES).list(namespace)
        .filter(s -> PlatformLookup.mayReferTo(s.getSpec().platformRef(), platform))
        .filter(s -> s.getSpec().uses() != null && s.getSpec().uses().redis() != null)
        .forEach(s -> redisUser(credentials, s, s.getSpec().uses().redis().keyPrefix()).ifPresent(users::add));
    cache(context, WorkerPool.class, WORKER_POOLS).list(namespace)
        .filter(p -> PlatformLookup.mayReferTo(p.getSpec().platformRef(), platform))
        .filter(p -> p.getSpec().uses() != null && p.getSpec().uses().redis() != null)
        .forEach(p -> redisUser(credentials, p, p.getSpec().uses().redis().keyPrefix()).ifPresent(users::add));
    return users;
  }

  private static java.util.Optional<RedisUser> redisUser(
      io.javaoperatorsdk.operator.processing.event.source.EventSource<Secret, Platform> credentials, HasMetadata workload, String prefix) {
    @SuppressWarnings("unchecked")
    var cache = (InformerEventSource<Secret, Platform>) credentials;
    String name = workload.getMetadata().getName();
    return cache.get(new ResourceID(Credentials.secretName(name), workload.getMetadata().getNamespace()))
        .map(secret -> Credentials.passwords(secret, Credentials.REDIS_PASSWORD))
        .filter(passwords -> !passwords.isEmpty())
        .map(passwords -> new RedisUser(RedisUser.nameFor(workload.getKind(), name), prefix, passwords));
  }

  @SuppressWarnings("unchecked")
  private static <W extends HasMetadata> InformerEventSource<W, Platform> cache(Context<Platform> context, Class<W> type, String name) {
    return (InformerEventSource<W, Platform>) context.eventSourceRetriever().getEventSourceFor(type, name);
  }
}
