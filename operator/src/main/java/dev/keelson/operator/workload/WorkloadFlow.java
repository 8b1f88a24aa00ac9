package dev.keelson.operator.workload;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.ApiGroup;
import dev.keelson.operator.api.v1alpha1.KeelsonStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkloadSpec;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.ClusterResolution;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.kafka.TopicReadiness;
import dev.keelson.operator.metrics.StatusMetrics;
import dev.keelson.operator.mongodb.MongoReadiness;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.EventRecorder;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.RemoteCleanup;
import dev.keelson.operator.reconcile.RemoteClusterSources;
import dev.keelson.operator.reconcile.ResourceApplier;
import dev.keelson.operator.reconcile.RetryBackoff;
import dev.keelson.operator.reconcile.StatusWriter;
import dev.keelson.operator.redis.RedisReadiness;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What reconciling a Service and a WorkerPool share, in the order it happens: the event sources
 * (its objects here and on remote clusters, its Platform, the Platform's CA); the checks before
 * anything is written (paused, its Platform found, the Secrets its env reads allowed); on each
 * cluster its placement chooses, the Secrets Keelson generates for it, and the removal of its
 * objects where it no longer runs; its data services' word; the status write and the retry; its
 * cleanup on deletion and the status of a reconcile that threw. What differs (the objects, the
 * model, the scaling, the status's wording) stays in the kind's reconciler.
 *
 * @param <W> the kind's custom resource
 * @param <S> its status
 */
public final class WorkloadFlow<W extends CustomResource<? extends WorkloadSpec, S> & Namespaced, S extends KeelsonStatus> {

  /** How the kind words the statuses the flow writes for it. */
  public interface Statuses<W, S> {
    /** Nothing reconciled: paused, no Platform, a Secret it may not read, a reconcile that threw. */
    S notReconciled(W workload, Instant now, Verdict verdict);
  }

  /** The Platform the workload runs on, or the control of one that stopped short of it (its status written). */
  public record Admission<W extends HasMetadata>(Platform platform, UpdateControl<W> stopped) {}

  /**
   * The workload on one cluster before its objects are applied: its Deployment as cached, the
   * Secrets Keelson generated for it there; or the verdict of what stopped it (a Secret its env may
   * not read there, a generated Secret refused).
   */
  public record Prepared(Optional<Deployment> live, WorkloadSecrets secrets, Verdict refused) {}

  private final WorkloadKind kind;
  private final DependentSet<WorkloadModel> dependents;
  private final Supplier<W> empty;
  private final Statuses<W, S> statuses;
  private final String pausedMessage;
  private final ClusterRegistry clusters;
  private final EventRecorder events;
  private final KeelsonSettings settings;
  private final Clock clock;
  private final StatusMetrics metrics;
  private final RetryBackoff backoff = new RetryBackoff();
  private final SecretLabelRule secretLabels;
  private final RemoteClusterSources<W> remoteSources;

  /**
   * @param dependents everything the kind owns, in the order it is applied
   * @param empty a new, empty resource of the kind, for status patches
   * @param pausedMessage what the status says while the workload is paused
   */
  public WorkloadFlow(WorkloadKind kind, DependentSet<WorkloadModel> dependents, Supplier<W> empty, Statuses<W, S> statuses,
      String pausedMessage, ClusterRegistry clusters, EventRecorder events, StatusMetrics metrics, KeelsonSettings settings, Clock clock) {
    this.kind = kind;
    this.dependents = dependents;
    this.empty = empty;
    this.statuses = statuses;
    this.pausedMessage = pausedMessage;
    this.clusters = clusters;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
    this.secretLabels = new SecretLabelRule(clock);
    this.remoteSources = new RemoteClusterSources<>(kind.name(), dependents.resourceTypes(),
        List.of(WorkloadCertificate.remoteCaInformers((W w) -> w.getSpec().platformRef())));
  }

  /** Its objects on the operator's own cluster and on remote ones, the Platforms, the Platforms' CAs. */
  public List<EventSource<?, W>> eventSources(EventSourceContext<W> context) {
    CompactItemStore.unshare(context.getControllerConfiguration());
    var sources = new ArrayList<EventSource<?, W>>(OwnedResourceInformers.forLocalCluster(context, kind.name(), dependents.resourceTypes()));
    sources.add(PlatformLookup.informer(context, w -> w.getSpec().platformRef(), (w, p) -> SecretReferences.reads(w.getSpec().env(), p)));
    sources.add(WorkloadCertificate.caInformer(context, w -> w.getSpec().platformRef()));
    sources.add(remoteSources.eventSource(clusters.remote(), context,
        RemoteClusterSources.ownersIn(context, (w, platform) -> PlatformLookup.mayReferTo(w.getSpec().platformRef(), platform))));
    return sources;
  }

  /**
   * The checks before anything is written: not paused, its Platform found, and its env reading no
   * Secret it may not (a refused workload's Deployment that reads one is deleted where it runs).
   */
  public Admission<W> admit(W workload, Context<W> context) {
    if (ApiGroup.paused(workload)) return new Admission<>(null, stop(workload, Verdict.paused(pausedMessage), context));
    String namespace = workload.getMetadata().getNamespace();
    var match = PlatformLookup.find(context, namespace, workload.getSpec().platformRef());
    if (!match.found()) return new Admission<>(null, stop(workload, Verdict.blocked(match.reason(), match.message()), context));
    var forbidden = SecretReferences.refuse(context, kind.name(), workload.getMetadata().getName(), namespace, workload.getSpec().env(),
        PlatformLookup.inNamespace(context, namespace), () -> clusters.resolve(match.platform()).clusters(),
        cluster -> connect(context, cluster, workload));
    if (forbidden.isPresent()) return new Admission<>(null, stop(workload, forbidden.get(), context));
    return new Admission<>(match.platform(), null);
  }

  /** The verdict of why the workload is not reconciled, as its status; no retry. */
  public UpdateControl<W> stop(W workload, Verdict verdict, Context<W> context) {
    return finish(workload, statuses.notReconciled(workload, clock.instant(), verdict), false, context);
  }

  public ClusterResolution resolve(Platform platform) {
    return clusters.resolve(platform);
  }

  /** Connects the cluster's informers for the workload's namespace: null once they are, else why they cannot be. */
  public Verdict connect(Context<W> context, TargetCluster cluster, W workload) {
    return remoteSources.connect(context, cluster, workload.getMetadata().getNamespace());
  }

  /**
   * On each cluster its placement chooses, {@code onCluster}; where it no longer runs, its objects
   * and generated Secrets removed ({@code model} names them).
   */
  public WorkloadPlacement.Result place(W workload, Platform platform, ClusterResolution resolution, Context<W> context,
      Function<TargetCluster, Verdict> connect, Function<TargetCluster, ClusterOutcome> onCluster,
      Function<TargetCluster, WorkloadModel> model) {
    var previous = workload.getStatus();
    return WorkloadPlacement.reconcile(platform, resolution, workload.getSpec().placement(), connect, onCluster,
        cluster -> {
          var failure = dependents.remove(context, cluster, model.apply(cluster), workload.getMetadata().getNamespace());
          return failure != null ? failure : WorkloadSecrets.removeGenerated(context, cluster, kind, workload);
        }, previous == null ? null : previous.clusters(), workload.getMetadata().getGeneration());
  }

  /** The first steps on one cluster: the Secrets its env reads allowed there, its cached Deployment, its generated Secrets. */
  public Prepared prepare(TargetCluster cluster, W workload, Platform platform, Context<W> context) {
    String namespace = workload.getMetadata().getNamespace();
    String name = workload.getMetadata().getName();
    var notAllowed = secretLabels.check(cluster, namespace, kind.name() + " " + name, workload.getSpec().env(), platform);
    if (notAllowed.isPresent()) return new Prepared(Optional.empty(), null, notAllowed.get());
    var live = ResourceApplier.cached(context, cluster, Deployment.class, namespace, name);
    var ensured = WorkloadSecrets.ensure(context, cluster, workload, kind, workload.getSpec().uses(), platform, settings, clock.instant());
    if (ensured.failure() != null) return new Prepared(live, null, ensured.failure());
    return new Prepared(live, ensured.secrets(), null);
  }

  /** Applies the kind's objects on one cluster: the failure's verdict, or the outcome. */
  public DependentSet.Outcome apply(Context<W> context, TargetCluster cluster, WorkloadModel model) {
    return dependents.reconcile(context, cluster, model, model.identity().namespace());
  }

  /**
   * What its Platform says of the data it uses, first one first: a use refused it (another workload
   * holds that Redis prefix or database), its topics not as declared, its Redis or MongoDB not ready.
   */
  public Optional<Verdict> dataServices(W workload, Platform platform, List<TargetCluster> placed, List<TopicDeclaration> topics) {
    var uses = workload.getSpec().uses();
    return refusedUse(platform, workload)
        .or(() -> TopicReadiness.of(platform, placed, topics))
        .or(() -> RedisReadiness.of(platform, uses))
        .or(() -> MongoReadiness.of(platform, uses));
  }

  /** The first of its uses that its Platform's status lists as refused: its pods run, but without a user for that data. */
  private Optional<Verdict> refusedUse(Platform platform, W workload) {
    var refused = platform.getStatus() == null ? null : platform.getStatus().refusedUses();
    if (refused == null) return Optional.empty();
    String name = workload.getMetadata().getName();
    return refused.stream().filter(r -> kind.name().equals(r.kind()) && name.equals(r.name())).findFirst()
        .map(r -> Verdict.degraded(Reason.named(r.reason()), r.message()));
  }

  /** Writes the status when it changed; the metrics take it either way. */
  public void write(W workload, S next, Context<W> context) {
    StatusWriter.write(workload, next, empty, context, events);
    metrics.observe(workload, next);
  }

  /** Writes the status, and comes back with backoff while {@code retry}. */
  public UpdateControl<W> finish(W workload, S next, boolean retry, Context<W> context) {
    write(workload, next, context);
    return backoff.control(workload, retry);
  }

  public RetryBackoff backoff() {
    return backoff;
  }

  /**
   * Deleting the workload: its objects on remote clusters are removed (on the operator's own
   * cluster owner references do it); see {@link RemoteCleanup} for a cluster that cannot be reached.
   */
  public DeleteControl cleanup(W workload, Context<W> context) {
    var match = PlatformLookup.find(context, workload.getMetadata().getNamespace(), workload.getSpec().platformRef());
    var control = match.found() ? RemoteCleanup.cleanup(workload, RemoteCleanup.ownedBy(kind.name(), workload),
        clusters.resolveForDeletion(match.platform()), settings.deletionGracePeriod(), clock.instant(), events) : DeleteControl.defaultDelete();
    if (control.isRemoveFinalizer()) metrics.forget(workload);
    return control;
  }

  /** A reconcile that threw: its words on the workload's conditions; a conflict with a newer version is not written. */
  public ErrorStatusUpdateControl<W> errorStatus(W workload, Context<W> context, Exception e) {
    if (ApplyFailure.raced(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    write(workload, statuses.notReconciled(workload, clock.instant(), ApplyFailure.reconcileFailed(e)), context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
