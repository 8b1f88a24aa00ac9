package dev.keelson.operator.platform;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.DataService;
import dev.keelson.operator.dataservice.PlatformScope;
import dev.keelson.operator.dataservice.StatusSlices;
import dev.keelson.operator.kafka.PlatformTopics;
import dev.keelson.operator.metrics.StatusMetrics;
import dev.keelson.operator.mongodb.PlatformMongo;
import dev.keelson.operator.pki.PlatformCa;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.EventRecorder;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.PerCluster;
import dev.keelson.operator.reconcile.RemoteCleanup;
import dev.keelson.operator.reconcile.RemoteClusterSources;
import dev.keelson.operator.reconcile.ResourceApplier;
import dev.keelson.operator.reconcile.RetryBackoff;
import dev.keelson.operator.reconcile.StatusWriter;
import dev.keelson.operator.redis.PlatformRedis;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import dev.keelson.operator.workload.WorkloadPlacement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reconciles a Platform: checks its spec, resolves its target clusters, and on each applies the
 * namespace-wide objects the Platform owns (the default-deny NetworkPolicy) and then its data
 * services ({@link DataService}: the CA, Redis, MongoDB) in order; then lets each data service sum
 * itself up over the clusters (the Kafkas' topics are kept in line there), and writes the status
 * {@link PlatformStatusFactory} makes of it all.
 */
@ControllerConfiguration(name = PlatformReconciler.NAME, fieldManager = ResourceApplier.FIELD_MANAGER, generationAwareEventProcessing = false,
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class))
public class PlatformReconciler implements Reconciler<Platform>, Cleaner<Platform> {
  public static final String NAME = "platform";
  static final DependentSet<PlatformModel> DEPENDENTS = new DependentSet<>(List.of(new PlatformNetworkPolicyDependent()));

  private final ClusterRegistry clusters;
  /** In the order they are worked on each cluster: a prerequisite before those needing it. */
  private final List<DataService<?>> dataServices;
  private final EventRecorder events;
  private final StatusMetrics metrics;
  private final KeelsonSettings settings;
  private final Clock clock;
  private final RetryBackoff backoff = new RetryBackoff();
  /** Per Platform (uid): the data-service uses granted at its last reconcile, so that a holder keeps what it holds. */
  private final Map<String, Set<String>> grantedClaims = new ConcurrentHashMap<>();
  /** Per Platform (uid): when each certificate it serves (by cluster, then data service) expired at its last reconcile. */
  private final Map<String, Map<String, Map<String, Instant>>> certificateExpiry = new ConcurrentHashMap<>();
  private final RemoteClusterSources<Platform> remoteSources;

  public PlatformReconciler(ClusterRegistry clusters, PlatformCa ca, PlatformRedis redis, PlatformMongo mongo, PlatformTopics topics,
      EventRecorder events, StatusMetrics metrics, KeelsonSettings settings, Clock clock) {
    this.clusters = clusters;
    this.metrics = metrics;
    this.dataServices = List.of(ca, redis, mongo, topics);
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.remoteSources = new RemoteClusterSources<>(PlatformModel.KIND, owned(dataServices), List.of(PlatformWorkloads.remoteCredentials()));
  }

  @Override
  public List<EventSource<?, Platform>> prepareEventSources(EventSourceContext<Platform> context) {
    CompactItemStore.unshare(context.getControllerConfiguration());
    var sources = new ArrayList<EventSource<?, Platform>>(OwnedResourceInformers.forLocalCluster(context, PlatformModel.KIND,
        owned(dataServices)));
    sources.add(remoteSources.eventSource(clusters.remote(), context,
        platform -> Stream.of(new ResourceID(platform.name(), platform.namespace()))));
    sources.add(PlatformWorkloads.informer(context, KeelsonService.class, PlatformWorkloads.SERVICES, s -> s.getSpec().platformRef()));
    sources.add(PlatformWorkloads.informer(context, WorkerPool.class, PlatformWorkloads.WORKER_POOLS, p -> p.getSpec().platformRef()));
    sources.add(PlatformWorkloads.credentialsInformer(context, PlatformWorkloads.CREDENTIALS, null, null));
    return sources;
  }

  private static List<ClusterStatus> before(PlatformStatus previous) {
    return previous == null ? null : previous.clusters();
  }

  /** Every kind a Platform owns on a cluster: its own dependents' and its data services'. */
  private static List<Class<? extends HasMetadata>> owned(List<DataService<?>> dataServices) {
    var owned = new LinkedHashSet<Class<? extends HasMetadata>>(DEPENDENTS.resourceTypes());
    dataServices.forEach(s -> owned.addAll(s.ownedTypes()));
    return List.copyOf(owned);
  }

  @Override
  public UpdateControl<Platform> reconcile(Platform platform, Context<Platform> context) {
    long generation = platform.getMetadata().getGeneration();
    var now = clock.instant();
    PlatformStatus previous = platform.getStatus();

    var problem = PlatformSpecCheck.problem(platform.getSpec());
    if (problem.isPresent()) {
      var next = PlatformStatusFactory.invalidSpec(previous, generation, now, problem.get());
      write(platform, next, context);
      return backoff.control(platform, false);
    }
    clusters.retain(platform);
    var resolution = clusters.resolve(platform);
    var lastReported = lastReported(StatusSlices.of(previous));
    var claims = PlatformWorkloads.claims(platform, context, grantedClaims.getOrDefault(platform.getMetadata().getUid(), Set.of()));
    grantedClaims.put(platform.getMetadata().getUid(), claims.granted());
    var work = new ArrayList<Supplier<ClusterResult>>();
    for (var cluster : resolution.clusters()) {
      var unconnected = remoteSources.connect(context, cluster, platform.getMetadata().getNamespace());
      if (unconnected != null) {
        var blocked = new ClusterResult(WorkloadPlacement.outcome(cluster.name(), unconnected, before(previous), generation),
            Arrays.asList(new Object[dataServices.size()]), false, Map.of());
        work.add(() -> blocked);
      } else {
        work.add(() -> {
          try {
            var scope = new ClusterScope(platform, context, cluster, PlatformWorkloads.consumers(platform, context, cluster, claims), now);
            return reconcileOn(scope, lastReported);
          } catch (OwnedResourceInformers.InformerMissingException e) {
            // Its cache went with a replaced connection: this cluster is retried, the others stand.
            return new ClusterResult(new ClusterOutcome(cluster.name(), ApplyFailure.verdict("cluster " + cluster.name(), e), null, null),
                lastReported, true, Map.of());
          }
        });
      }
    }
    // The clusters side by side: one that is slow to answer holds up none of the others.
    var results = PerCluster.run(work);
    var outcomes = new ArrayList<ClusterOutcome>();
    boolean retry = false;
    Instant renewal = null;
    for (var result : results) {
      // A cluster found only connecting while worked on (its caches replaced meanwhile) keeps its last ready entry.
      outcomes.add(WorkloadPlacement.outcome(result.outcome().cluster(), result.outcome().verdict(), before(previous), generation));
      if (result.renewal() != null && (renewal == null || result.renewal().isBefore(renewal))) renewal = result.renewal();
      retry |= result.retry();
    }
    reportCertificates(platform, results);
    for (var unusable : resolution.unusable()) {
      outcomes.add(WorkloadPlacement.outcome(unusable.name(), unusable.verdict(), before(previous), generation));
    }
    outcomes = new ArrayList<>(ClusterOutcome.inListedOrder(outcomes, platform));
    retry |= outcomes.stream().anyMatch(o -> ApplyFailure.retried(o.verdict()));
    var platformScope = new PlatformScope(platform, context.getPrimaryCache().list().toList(),
        clusterNames -> PlatformWorkloads.placedOn(platform, context, clusterNames), now);
    var slices = StatusSlices.NONE;
    Verdict dataServicesVerdict = null;
    for (int i = 0; i < dataServices.size(); i++) {
      var summary = summarize(dataServices.get(i), platformScope, lastReported.get(i), results, i, slices);
      slices = summary.slices();
      retry |= summary.retry();
      if (dataServicesVerdict == null) dataServicesVerdict = summary.verdict();
    }
    var next = PlatformStatusFactory.reconciled(previous, generation, now,
        new PlatformStatusFactory.Findings(outcomes, dataServicesVerdict, slices, claims.refused()));
    write(platform, next, context);
    var control = backoff.control(platform, retry);
    // Come back when a certificate is to be renewed, even if nothing else happens until then.
    return retry || renewal == null ? control : control.rescheduleAfter(Duration.between(now, renewal).plusSeconds(1));
  }
  /** Writes the status when it changed; the metrics take it either way. */
  private void write(Platform platform, PlatformStatus next, Context<Platform> context) {
    StatusWriter.write(platform, next, Platform::new, context, events);
    metrics.observe(platform, next);
  }

  /**
   * A reconcile that threw: its words on the Platform's conditions, the data services' and clusters'
   * last statuses kept (nothing about them is known to have changed).
   */
  @Override
  public ErrorStatusUpdateControl<Platform> updateErrorStatus(Platform platform, Context<Platform> context, Exception e) {
    if (ApplyFailure.raced(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    var next = PlatformStatusFactory.failed(platform.getStatus(), platform.getMetadata().getGeneration(), clock.instant(), e);
    write(platform, next, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Deleting a Platform: everything Keelson wrote for it on remote clusters is removed, its
   * workloads' objects included (data volumes per deletionPolicy); see {@link RemoteCleanup} for a
   * cluster that cannot be reached. Its topics are left as they are.
   */
  @Override
  public DeleteControl cleanup(Platform platform, Context<Platform> context) {
    grantedClaims.remove(platform.getMetadata().getUid());
    certificateExpiry.remove(platform.getMetadata().getUid());
    var control = RemoteCleanup.cleanup(platform, RemoteCleanup.partOf(platform), clusters.resolveForDeletion(platform), settings.deletionGracePeriod(),
        clock.instant(), events);
    if (control.isRemoveFinalizer()) {
      clusters.release(platform);
      dataServices.forEach(s -> s.forget(platform));
      metrics.forget(platform);
    }
    return control;
  }

  /**
   * One cluster's outcome, each data service's status there (in their order; null for one it does
   * not have), whether to try again soon, and when each data service's certificate there (by its
   * name: ca, redis, mongodb) is to be renewed (none without TLS).
   */
  private record ClusterResult(ClusterOutcome outcome, List<Object> statuses, boolean retry, Map<String, Instant> renewals) {
    /** The first renewal due on this cluster, or null. */
    Instant renewal() {
      return renewals.values().stream().min(Instant::compareTo).orElse(null);
    }
  }

  /**
   * When the certificates served on each cluster expire (their renewal is due {@code renewBefore}
   * ahead of that), for the metrics; clusters not worked on this time keep no series.
   */
  private void reportCertificates(Platform platform, List<ClusterResult> results) {
    var tls = TlsSettings.of(platform);
    var known = certificateExpiry.get(platform.getMetadata().getUid());
    var before = known == null ? Map.<String, Map<String, Instant>>of() : known;
    var expiry = new HashMap<String, Map<String, Instant>>();
    if (tls != null) {
      for (var result : results) {
        var byService = new TreeMap<String, Instant>();
        result.renewals().forEach((service, renewal) -> byService.put(service, renewal.plus(tls.renewBefore())));
        // A cluster not worked on this time (unreachable, failed early) still serves what it served: its expiry stands.
        if (byService.isEmpty()) byService.putAll(before.getOrDefault(result.outcome().cluster(), Map.of()));
        if (!byService.isEmpty()) expiry.put(result.outcome().cluster(), byService);
      }
    }
    metrics.certificates(platform, expiry);
    certificateExpiry.put(platform.getMetadata().getUid(), expiry);
    if (known == null) return;
    // A certificate that now lasts longer was renewed; one seen for the first time (or by a restarted operator) is no news.
    expiry.forEach((cluster, byService) -> byService.forEach((service, until) -> {
      var was = before.getOrDefault(cluster, Map.of()).get(service);
      if (was != null && until.isAfter(was)) {
        events.onAction(platform, Reason.CERTIFICATE_RENEWED, "cluster " + cluster + ": the " + (service.equals("ca") ? "CA" : service)
            + " certificate was renewed; valid until " + until);
      }
    }));
  }

  /** Each data service's last reported status, in their order. */
  private List<Object> lastReported(StatusSlices slices) {
    return dataServices.stream().map(s -> (Object) s.lastReported(slices)).toList();
  }

  private ClusterResult reconcileOn(ClusterScope scope, List<Object> lastReported) {
    var cluster = scope.cluster();
    var model = PlatformModel.resolve(scope.platform(), cluster);
    var outcome = DEPENDENTS.reconcile(scope.context(), cluster, model, model.namespace());
    // What an early failure leaves standing: the data services' last status, never an empty one.
    if (outcome.failure() != null) return failed(cluster, outcome.failure(), lastReported);
    var statuses = new ArrayList<Object>();
    Verdict verdict = null;
    boolean retry = false;
    var renewals = new TreeMap<String, Instant>();
    for (int i = 0; i < dataServices.size(); i++) {
      var service = dataServices.get(i);
      var onCluster = reconcile(service, scope, lastReported.get(i));
      if (onCluster.verdict() != null && service.prerequisite()) return failed(cluster, onCluster.verdict(), lastReported);
      statuses.add(onCluster.status());
      if (verdict == null) verdict = onCluster.verdict();
      retry |= onCluster.retry();
      if (onCluster.renewal() != null) renewals.put(service.name(), onCluster.renewal());
    }
    if (verdict == null) verdict = Verdict.ready(Reason.CLUSTER_READY, cluster.local() ? "the operator's own cluster" : "cluster reachable");
    return new ClusterResult(new ClusterOutcome(cluster.name(), verdict, null, null), statuses, retry, renewals);
  }

  private static ClusterResult failed(TargetCluster cluster, Verdict failure, List<Object> lastReported) {
    return new ClusterResult(new ClusterOutcome(cluster.name(), failure, null, null), lastReported, false, Map.of());
  }

  private static <S> DataService.OnCluster<S> reconcile(DataService<S> service, ClusterScope scope, Object lastReported) {
    return service.reconcile(scope, service.statusType().cast(lastReported));
  }

  /** A data service's summary over the clusters, and the status slices with it written in. */
  private record Summarized(StatusSlices slices, Verdict verdict, boolean retry) {}

  private static <S> Summarized summarize(DataService<S> service, PlatformScope scope, Object lastReported, List<ClusterResult> results,
      int index, StatusSlices slices) {
    var onClusters = results.stream().map(r -> r.statuses().get(index)).filter(Objects::nonNull).map(service.statusType()::cast).toList();
    var summary = service.summarize(scope, service.statusType().cast(lastReported), onClusters);
    return new Summarized(service.report(slices, summary.status()), summary.verdict(), summary.retry());
  }
}
