package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.RemoteClusters;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What one controller watches on remote clusters.
 * <ul>
 *   <li>The informers of its owned kinds on each remote connection, as {@link OwnedResourceInformers}
 *       has them on the operator's own cluster: they feed the same "is it already so?" checks and
 *       wake the owner on drift. They are registered when a reconcile first needs the cluster,
 *       on a thread of their own, as their first list can take a while; until they are synced the
 *       cluster is reported as connecting and the owners that asked are woken once it is done.
 *   <li>The namespace on each remote cluster, created once when missing.
 *       Informers of a replaced connection (a new kubeconfig) are removed.
 *   <li>An event source that wakes the owners on a Platform whose remote clusters changed (came
 *       back, were lost, or got a new kubeconfig).
 * </ul>
 */
public final class RemoteClusterSources<P extends HasMetadata> {
  /** The Pod Security level a namespace Keelson creates on a remote cluster enforces. */
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";
  private static final Logger LOG = Logger.getLogger(RemoteClusterSources.class);
  public static final String EVENT_SOURCE = "remote-clusters";
  /** How long a namespace seen on a remote cluster is taken to be there: one deleted by hand comes back within this. */
  static final java.time.Duration NAMESPACE_RECHECK = java.time.Duration.ofMinutes(5);

  private final String ownerKind;
  private final List<Class<? extends HasMetadata>> types;
  private final List<Extra<P>> extras;

  /**
   * An informer a controller wants on each remote connection beside those of its owned kinds (a
   * Platform's of its workloads' credentials Secrets, say).
   *
   * @param name the informer's name; on a connection, {@code <name>@<connection>}
   */
  public record Extra<P extends HasMetadata>(String name, Factory<P> factory) {
    /** Makes the informer of a connection: its event source name, the remote client, the one namespace to watch. */
    public interface Factory<P extends HasMetadata> {
      EventSource<?, P> create(EventSourceContext<P> context, String eventSourceName, KubernetesClient client, String namespace);
    }

    public String eventSourceName(String connection) {
      return name + "@" + connection;
    }

    /** The informer's name for that cluster ({@link RemoteClusterSources#eventSourceName(String, TargetCluster)}). */
    public String eventSourceName(TargetCluster cluster) {
      return RemoteClusterSources.eventSourceName(name, cluster);
    }
  }

  /**
   * The name of the informer called {@code name} for that cluster: on the operator's own cluster the
   * controller registers it under {@code name} itself, on a remote one as {@code <name>@<connection>}.
   */
  public static String eventSourceName(String name, TargetCluster cluster) {
    return cluster.local() ? name : name + "@" + cluster.connection();
  }
  private volatile boolean stopped;
  /** Wakes owners; when the controller stops, no informer start that is still under way goes on. */
  private final SimpleInboundEventSource<P> wake = new SimpleInboundEventSource<>(EVENT_SOURCE) {
    @Override
    public void stop() {
      stopped = true;
      starter.shutdownNow();
      super.stop();
    }
  };
  private final Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
  private final Map<String, Set<ResourceID>> waiting = new ConcurrentHashMap<>();
  /** Per connection, when each namespace was last seen to exist there (checked again after {@link #NAMESPACE_RECHECK}). */
  private final Map<String, Map<String, Long>> namespaces = new ConcurrentHashMap<>();
  /** The controller's registry of event sources, known from the first registration. */
  private volatile EventSourceRetriever<P> retriever;
  private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
    var thread = new Thread(r, "keelson-remote-informers");
    thread.setDaemon(true);
    return thread;
  });

  public RemoteClusterSources(String ownerKind, List<Class<? extends HasMetadata>> types) {
    this(ownerKind, types, List.of());
  }

  public RemoteClusterSources(String ownerKind, List<Class<? extends HasMetadata>> types, List<Extra<P>> extras) {
    this.ownerKind = ownerKind;
    this.types = List.copyOf(types);
    this.extras = List.copyOf(extras);
  }

  /**
   * The event source to register with the controller; wakes, for each Platform whose remote
   * clusters change, the owners {@code ownersOf} finds for it.
   */
  public EventSource<Void, P> eventSource(RemoteClusters remote, EventSourceContext<P> context,
      Function<RemoteClusters.PlatformRef, Stream<ResourceID>> ownersOf) {
    remote.addListener(platform -> ownersOf.apply(platform).forEach(wake::propagateEvent));
    remote.addCloseListener(this::closed);
    return wake;
  }

  /** The owners (by id) of the cached primaries in the Platform's namespace that {@code refersTo} the Platform. */
  public static <P extends HasMetadata> Function<RemoteClusters.PlatformRef, Stream<ResourceID>> ownersIn(EventSourceContext<P> context,
      java.util.function.BiPredicate<P, String> refersTo) {
    return platform -> context.getPrimaryCache().list(platform.namespace())
        .filter(p -> refersTo.test(p, platform.name()))
        .map(ResourceID::fromResource);
  }

  /**
   * Null when the objects of this cluster can be read from cache and written: its informers are
   * synced and the namespace exists there (Keelson creates it on a remote cluster, and never
   * deletes it). Otherwise why not: while the informers start, the cluster is connecting and the
   * owner is woken once they are synced; a failed start is retried with backoff.
   */
  public Verdict connect(Context<P> context, TargetCluster cluster, String namespace) {
    if (cluster.local()) return null;
    String connection = cluster.connection();
    var future = started.get(connection);
    if (future == null || !future.isDone()) {
      var owner = ResourceID.fromResource(context.getPrimaryResource());
      waiting.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(owner);
      future = started.computeIfAbsent(connection, c -> CompletableFuture.runAsync(() -> register(context, cluster), starter)
          .whenComplete((done, error) -> {
            // Woken either way: after a failure the reconcile reports it and retries with backoff.
            var owners = waiting.remove(connection);
            if (owners != null) owners.forEach(wake::propagateEvent);
          }));
      if (!future.isDone()) return Verdict.waiting(Reason.CLUSTER_CONNECTING, "starting to watch cluster " + cluster.name());
      // Done meanwhile: this owner need not wait.
      waiting.computeIfPresent(connection, (c, owners) -> {
        owners.remove(owner);
        return owners.isEmpty() ? null : owners;
      });
    }
    if (future.isCompletedExceptionally()) {
      started.remove(connection, future);
      String cause = future.handle((done, error) -> error.getCause() != null ? error.getCause().getMessage() : error.getMessage()).join();
      return Verdict.blocked(Reason.CLUSTER_WATCH_FAILED, "cannot watch the objects Keelson owns on cluster " + cluster.name() + ": " + cause);
    }
    var seen = namespaces.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
    Long seenAt = seen.get(namespace);
    if (seenAt != null && System.nanoTime() - seenAt < NAMESPACE_RECHECK.toNanos()) return null;
    try {
      var client = cluster.client();
      if (client.namespaces().withName(namespace).get() == null) {
        // Pod Security "restricted": every pod Keelson makes meets it, and nothing else runs there unnoticed.
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
            .withLabels(Map.of(KeelsonLabels.MANAGED_BY, KeelsonLabels.MANAGER, POD_SECURITY_ENFORCE, "restricted")).endMetadata().build())
            .create();
      }
      seen.put(namespace, System.nanoTime());
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) return null;
      return ApplyFailure.verdict("Namespace " + namespace + " on cluster " + cluster.name(), e);
    }
  }

  /**
   * A connection was closed: its informers go (they could only fail from now on), once their
   * start, if it is still under way, is over.
   */
  private void closed(String connection) {
    var future = started.remove(connection);
    namespaces.remove(connection);
    if (future != null) {
      future.whenComplete((done, error) -> {
        var current = retriever;
        if (current != null) deregister(current, connection);
      });
    }
  }

  private void register(Context<P> context, TargetCluster cluster) {
    var retriever = context.eventSourceRetriever();
    this.retriever = retriever;
    var sourceContext = retriever.eventSourceContextForDynamicRegistration();
    String connection = cluster.connection();
    try {
      for (var type : types) {
        if (stopped) throw new IllegalStateException("the controller stopped");
        retriever.dynamicallyRegisterEventSource(
            OwnedResourceInformers.informer(sourceContext, ownerKind, type, connection, cluster.client(),
                context.getPrimaryResource().getMetadata().getNamespace()));
      }
      for (var extra : extras) {
        if (stopped) throw new IllegalStateException("the controller stopped");
        retriever.dynamicallyRegisterEventSource(extra.factory().create(sourceContext, extra.eventSourceName(connection), cluster.client(),
            context.getPrimaryResource().getMetadata().getNamespace()));
      }
    } catch (RuntimeException e) {
      deregister(retriever, connection);
      throw e;
    }
    // A new kubeconfig for the same Secret key replaces the connection: its old informers go.
    String base = base(connection);
    for (var other : List.copyOf(started.keySet())) {
      if (!other.equals(connection) && base(other).equals(base)) {
        started.remove(other);
        namespaces.remove(other);
        deregister(retriever, other);
      }
    }
  }

  private void deregister(EventSourceRetriever<P> retriever, String connection) {
    for (var type : types) {
      try {
        retriever.dynamicallyDeRegisterEventSource(OwnedResourceInformers.eventSourceName(type, connection));
      } catch (RuntimeException e) {
        LOG.debugf("informer of %s on %s not removed: %s", type.getSimpleName(), connection, e.getMessage());
      }
    }
    for (var extra : extras) {
      try {
        retriever.dynamicallyDeRegisterEventSource(extra.eventSourceName(connection));
      } catch (RuntimeException e) {
        LOG.debugf("informer %s not removed: %s", extra.eventSourceName(connection), e.getMessage());
      }
    }
  }

  private static String base(String connection) {
    int at = connection.lastIndexOf('@');
    return at < 0 ? connection : connection.substring(0, at);
  }
}
