package dev.keelson.operator.cluster;

import dev.keelson.operator.api.v1alpha1.SecretKeyRef;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Connections to the remote clusters Platforms list, each built from the kubeconfig in a Secret of
 * the Platform's namespace.
 * <ul>
 *   <li>Each kubeconfig Secret in use is watched (one single-object informer per Secret, not a
 *       watch on every Secret): when it changes, its connections are rebuilt, and the Platforms
 *       using it are reconciled again.
 *   <li>Each connection is probed in the background ({@code /readyz}, every probe interval), never
 *       on a reconcile thread. Reconciles only read the last answer, so an unreachable cluster costs
 *       the others nothing: its work is skipped until a probe reaches it again, which wakes its
 *       Platforms. A new connection is {@link Health#CONNECTING} until its first probe.
 *   <li>Remote clients fail fast (connect 5 s, request 10 s) so that a cluster that goes down
 *       between probes holds a reconcile for a bounded time only.
 * </ul>
 */
public final class RemoteClusters implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RemoteClusters.class);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  static final Duration CLOSE_DELAY = Duration.ofSeconds(30);

  /** Whether a connection's last probe reached its cluster. */
  public enum Health { CONNECTING, REACHABLE, UNREACHABLE }

  /** A Platform, by namespace and name: who is told when one of its connections changes. */
  public record PlatformRef(String namespace, String name) {}

  private record SecretId(String namespace, String name) {}

  private record ConnectionKey(String namespace, String secret, String key) {}

  /** A client for one kubeconfig (one Secret key at one resourceVersion) and what its last probe found. */
  public static final class Connection {
    private final String id;
    private volatile KubernetesClient client;
    private volatile Health health = Health.CONNECTING;
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile String problem = "not probed yet";

    Connection(String id) {
      this.id = id;
    }

    /** Unique name of this connection: the Secret key and its resourceVersion; it changes when the kubeconfig does. */
    public String id() {
      return id;
    }

    public KubernetesClient client() {
      return client;
    }

    public Health health() {
      return health;
    }

    /** Why the last probe failed (or that there was none yet). */
    public String problem() {
      return problem;
    }
  }

  /** A connection, or why the kubeconfig gives none. */
  public record Resolved(Connection connection, Reason reason, String message) {}

  private final KubernetesClient local;
  private final Map<SecretId, SharedIndexInformer<Secret>> watched = new ConcurrentHashMap<>();
  private final Map<ConnectionKey, Connection> connections = new ConcurrentHashMap<>();
  private final Map<ConnectionKey, Set<PlatformRef>> users = new ConcurrentHashMap<>();
  private final List<Consumer<PlatformRef>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<Connection, java.time.Duration>> probeListeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService prober;

  public RemoteClusters(KubernetesClient local, Duration probeInterval) {
    this.local = local;
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      var thread = new Thread(r, "keelson-cluster-probe");
      thread.setDaemon(true);
      return thread;
    });
    prober.scheduleWithFixedDelay(this::probeAll, probeInterval.toMillis(), probeInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Called with each Platform whose remote clusters changed (reachable again, lost, or given a new kubeconfig). */
  public void addListener(Consumer<PlatformRef> listener) {
    listeners.add(listener);
  }

  /** Called with the id of each connection closed (replaced by a new kubeconfig, or no longer used by any Platform). */
  public void addCloseListener(Consumer<String> listener) {
    closeListeners.add(listener);
  }

  /** Told after each probe of a connection: its health now, and how long the probe took. */
  public void addProbeListener(java.util.function.BiConsumer<Connection, java.time.Duration> listener) {
    probeListeners.add(listener);
  }

  /**
   * The Secret keys the Platform uses now ({@code inUse}: its kubeconfigSecretRefs as
   * "secret/key"): a connection no Platform uses any more is closed, and its Secret no longer
   * watched, so that clusters taken off a Platform (or Platforms deleted) hold nothing.
   */
  public synchronized void retain(PlatformRef platform, Set<String> inUse) {
    for (var entry : users.entrySet()) {
      var key = entry.getKey();
      if (!key.namespace().equals(platform.namespace()) || inUse.contains(key.secret() + "/" + key.key())) continue;
      var platforms = entry.getValue();
      platforms.remove(platform);
      if (platforms.isEmpty() && users.remove(key, platforms)) {
        var connection = connections.remove(key);
        if (connection != null) close(connection);
        var secret = new SecretId(key.namespace(), key.secret());
        boolean secretStillUsed = users.keySet().stream().anyMatch(k -> k.namespace().equals(secret.namespace()) && k.secret().equals(secret.name()));
        if (!secretStillUsed) {
          var informer = watched.remove(secret);
          if (informer != null) informer.close();
        }
      }
    }
  }

  /**
   * Closes a connection: its informers are removed first; the client itself is closed a while
   * later, so that an informer whose start is still under way stops on a client that is still open.
   */
  private void close(Connection connection) {
    connection.health = Health.UNREACHABLE;
    connection.problem = "its connection was closed";
    closeListeners.forEach(listener -> listener.accept(connection.id()));
    prober.schedule(() -> connection.client().close(), CLOSE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The connection for a Platform's cluster, from the Secret key {@code ref} in the Platform's
   * namespace. With {@code lastGood} (a deletion's cleanup), a Secret that is gone or broken
   * falls back to the connection last built from it: deleting a namespace deletes the kubeconfig
   * Secret together with the Platform, and the remote clusters must still be cleaned.
   */
  public Resolved connect(PlatformRef platform, String cluster, SecretKeyRef ref, boolean lastGood) {
    var resolved = connect(platform, cluster, ref);
    if (resolved.connection() != null || !lastGood) return resolved;
    String key = ref.key() == null ? "kubeconfig" : ref.key();
    var previous = connections.get(new ConnectionKey(platform.namespace(), ref.name(), key));
    return previous != null ? new Resolved(previous, null, null) : resolved;
  }

  private Resolved connect(PlatformRef platform, String cluster, SecretKeyRef ref) {
    String key = ref.key() == null ? "kubeconfig" : ref.key();
    var secretId = new SecretId(platform.namespace(), ref.name());
    var connectionKey = new ConnectionKey(platform.namespace(), ref.name(), key);
    users.computeIfAbsent(connectionKey, k -> ConcurrentHashMap.newKeySet()).add(platform);
    Secret secret;
    try {
      secret = watch(secretId).getStore().getByKey(platform.namespace() + "/" + ref.name());
    } catch (RuntimeException e) {
      return new Resolved(null, Reason.INVALID_KUBECONFIG, "cannot read Secret " + ref.name() + ": " + e.getMessage());
    }
    String where = "Secret " + ref.name() + " (key " + key + ")";
    if (secret == null) {
      return new Resolved(null, Reason.INVALID_KUBECONFIG, "Secret " + ref.name() + " with the kubeconfig of cluster " + cluster
          + " does not exist in namespace " + platform.namespace());
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    if (encoded == null) {
      return new Resolved(null, Reason.INVALID_KUBECONFIG, where + " has no key " + key + "; it holds the kubeconfig of cluster " + cluster);
    }
    String id = platform.namespace() + "/" + ref.name() + "/" + key + "@" + secret.getMetadata().getResourceVersion();
    var existing = connections.get(connectionKey);
    if (existing != null && existing.id().equals(id)) return new Resolved(existing, null, null);
    synchronized (this) {
      // Built once per kubeconfig, whichever thread gets here first.
      existing = connections.get(connectionKey);
      if (existing != null && existing.id().equals(id)) return new Resolved(existing, null, null);
      var connection = new Connection(id);
      try {
        connection.client = client(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8), new Interceptor() {
          @Override
          public void afterConnectionFailure(HttpRequest request, Throwable failure) {
            // Found by a reconcile before the next probe: the cluster is skipped from now on, and
            // the probe that reaches it again brings it back.
            record(connectionKey, connection, Health.UNREACHABLE, "its API server cannot be reached: " + firstLine(failure));
          }
        });
      } catch (RuntimeException e) {
        return new Resolved(null, Reason.INVALID_KUBECONFIG, where + " is not a usable kubeconfig: " + firstLine(e));
      }
      var replaced = connections.put(connectionKey, connection);
      if (replaced != null) close(replaced);
      probe(connectionKey, connection);
      return new Resolved(connection, null, null);
    }
  }

  /**
   * A client with the kubeconfig's current context ({@link RemoteKubeconfig}: data only), failing
   * fast; a request that cannot connect is reported to {@code onConnectionFailure}.
   */
  static KubernetesClient client(String kubeconfig, Interceptor onConnectionFailure) {
    Config config = RemoteKubeconfig.parse(kubeconfig);
    config.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
    config.setRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("keelson-health", onConnectionFailure))
        .build();
  }

  private SharedIndexInformer<Secret> watch(SecretId id) {
    return watched.computeIfAbsent(id, s -> local.secrets().inNamespace(s.namespace()).withName(s.name())
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret secret) {
            changed(s);
          }

          @Override
          public void onUpdate(Secret before, Secret after) {
            if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) changed(s);
          }

          @Override
          public void onDelete(Secret secret, boolean unknownFinalState) {
            changed(s);
          }
        }));
  }

  /** A kubeconfig Secret changed: its Platforms resolve their clusters again (and so rebuild their connections). */
  private void changed(SecretId secret) {
    users.forEach((key, platforms) -> {
      if (key.namespace().equals(secret.namespace()) && key.secret().equals(secret.name())) platforms.forEach(this::notifyListeners);
    });
  }

  private void probeAll() {
    connections.forEach(this::probe);
  }

  /**
   * Asks the connection's API server {@code /readyz}, asynchronously: a dead cluster holds no
   * thread, and a probe still under way is not started twice. A change of health is logged and
   * wakes the Platforms using the connection.
   */
  private void probe(ConnectionKey key, Connection connection) {
    if (connections.get(key) != connection || !connection.probing.compareAndSet(false, true)) return;
    CompletableFuture<Void> done;
    long started = System.nanoTime();
    try {
      var http = connection.client().getHttpClient();
      var request = http.newHttpRequestBuilder().uri(connection.client().getMasterUrl().toString().replaceAll("/$", "") + "/readyz")
          .timeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).build();
      done = http.sendAsync(request, String.class)
          .orTimeout(PROBE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
          .handle((response, error) -> {
            if (error != null) {
              var cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
              record(key, connection, Health.UNREACHABLE, "its API server cannot be reached: " + firstLine(cause));
            } else if (response.code() == 200) {
              record(key, connection, Health.REACHABLE, null);
            } else {
              record(key, connection, Health.UNREACHABLE, "its API server answered /readyz with HTTP " + response.code());
            }
            return null;
          });
    } catch (RuntimeException e) {
      record(key, connection, Health.UNREACHABLE, "its API server cannot be reached: " + firstLine(e));
      done = CompletableFuture.completedFuture(null);
    }
    done.whenComplete((ignored, error) -> {
      connection.probing.set(false);
      // A connection closed or replaced while its probe was under way is no one's news any more.
      if (connections.get(key) != connection) return;
      var took = java.time.Duration.ofNanos(System.nanoTime() - started);
      probeListeners.forEach(listener -> listener.accept(connection, took));
    });
  }

  private void record(ConnectionKey key, Connection connection, Health health, String problem) {
    Health before = connection.health;
    if (connections.get(key) != connection) return;
    connection.health = health;
    connection.problem = problem;
    if (health != before) {
      LOG.infof("cluster connection %s: %s%s", connection.id(), health, problem == null ? "" : " (" + problem + ")");
      users.getOrDefault(key, Set.of()).forEach(this::notifyListeners);
    }
  }

  private void notifyListeners(PlatformRef platform) {
    for (var listener : listeners) {
      try {
        listener.accept(platform);
      } catch (RuntimeException e) {
        LOG.warnf(e, "cluster change of Platform %s/%s not delivered", platform.namespace(), platform.name());
      }
    }
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    prober.shutdownNow();
    watched.values().forEach(SharedIndexInformer::close);
    connections.values().forEach(c -> c.client().close());
  }
}
