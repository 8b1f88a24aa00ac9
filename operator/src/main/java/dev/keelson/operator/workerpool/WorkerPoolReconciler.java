package dev.keelson.operator.workerpool;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.ApiGroup;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.kafka.TopicReadiness;
import dev.keelson.operator.mongodb.MongoReadiness;
import dev.keelson.operator.platform.DataClaims;
import dev.keelson.operator.platform.PlatformLookup;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.EventRecorder;
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
import dev.keelson.operator.workload.DeploymentReadiness;
import dev.keelson.operator.workload.WorkloadBindingSecretDependent;
import dev.keelson.operator.workload.WorkloadCertificate;
import dev.keelson.operator.workload.WorkloadDeploymentDependent;
import dev.keelson.operator.workload.WorkloadKind;
import dev.keelson.operator.workload.WorkloadModel;
import dev.keelson.operator.workload.WorkloadNetworkPolicyDependent;
import dev.keelson.operator.workload.WorkloadPlacement;
import dev.keelson.operator.workload.WorkloadPodDisruptionBudgetDependent;
import dev.keelson.operator.workload.WorkloadSecrets;
import dev.keelson.operator.workload.SecretLabelRule;
import dev.keelson.operator.workload.SecretReferences;
import dev.keelson.operator.workload.WorkloadServiceAccountDependent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reconciles a WorkerPool: the Deployment of its workers and what they mount, on every cluster its
 * placement chooses, and in Lag mode their count, from the consumer lag the autoscaler polls.
 */
@ControllerConfiguration(name = WorkerPoolReconciler.NAME, fieldManager = ResourceApplier.FIELD_MANAGER, generationAwareEventProcessing = false,
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class))
public class WorkerPoolReconciler implements Reconciler<WorkerPool>, Cleaner<WorkerPool> {
  public static final String NAME = "workerpool";

  /** Everything a WorkerPool owns, in the order it is applied. */
  static final DependentSet<WorkloadModel> DEPENDENTS = new DependentSet<>(List.of(
      new WorkloadServiceAccountDependent(),
      new WorkloadBindingSecretDependent(),
      new WorkloadDeploymentDependent(),
      new WorkloadPodDisruptionBudgetDependent(),
      new WorkloadNetworkPolicyDependent()));
  private final ClusterRegistry clusters;
  private final EventRecorder events;
  private final KeelsonSettings settings;
  private final WorkerPoolAutoscaler autoscaler;
  private final ConsumerGroupCarryOver carryOver;
  private final Clock clock;
  private final RetryBackoff backoff = new RetryBackoff();
  private final SecretLabelRule secretLabels;
  private final RemoteClusterSources<WorkerPool> remoteSources =
      new RemoteClusterSources<>(WorkloadKind.WorkerPool.name(), DEPENDENTS.resourceTypes(),
          List.of(WorkloadCertificate.remoteCaInformers((WorkerPool w) -> w.getSpec().platformRef())));

  public WorkerPoolReconciler(ClusterRegistry clusters, EventRecorder events, KeelsonSettings settings, WorkerPoolAutoscaler autoscaler,
      ConsumerGroupCarryOver carryOver, Clock clock) {
    this.clusters = clusters;
    this.events = events;
    this.settings = settings;
    this.autoscaler = autoscaler;
    this.carryOver = carryOver;
    this.clock = clock;
    this.secretLabels = new SecretLabelRule(clock);
  }

  @Override
  public List<EventSource<?, WorkerPool>> prepareEventSources(EventSourceContext<WorkerPool> context) {
    var sources = new ArrayList<EventSource<?, WorkerPool>>(
        OwnedResourceInformers.forLocalCluster(context, WorkloadKind.WorkerPool.name(), DEPENDENTS.resourceTypes()));
    sources.add(PlatformLookup.informer(context, p -> p.getSpec().platformRef(), (w, p) -> SecretReferences.reads(w.getSpec().env(), p)));
    sources.add(WorkloadCertificate.caInformer(context, p -> p.getSpec().platformRef()));
    sources.add(remoteSources.eventSource(clusters.remote(), context,
        RemoteClusterSources.ownersIn(context, (p, platform) -> PlatformLookup.mayReferTo(p.getSpec().platformRef(), platform))));
    return sources;
  }

  @Override
  public UpdateControl<WorkerPool> reconcile(WorkerPool pool, Context<WorkerPool> context) {
    long generation = pool.getMetadata().getGeneration();
    String name = pool.getMetadata().getName();
    Instant now = clock.instant();
    WorkerPoolStatus previous = pool.getStatus();

    if (ApiGroup.paused(pool)) {
      return finish(pool, WorkerPoolStatusFactory.notReconciled(previous, generation, now, name, Verdict.paused(
          "reconciliation and scaling are paused by the annotation " + ApiGroup.PAUSED_ANNOTATION + "=true; remove it to resume")), false, context);
    }
    var match = PlatformLookup.find(context, pool.getMetadata().getNamespace(), pool.getSpec().platformRef());
    if (!match.found()) {
      return finish(pool, WorkerPoolStatusFactory.notReconciled(previous, generation, now, name,
          Verdict.blocked(match.reason(), match.message())), false, context);
    }
    Platform platform = match.platform();
    String namespace = pool.getMetadata().getNamespace();
    var forbidden = SecretReferences.refuse(context, WorkloadKind.WorkerPool.name(), name, namespace, pool.getSpec().env(),
        PlatformLookup.inNamespace(context, namespace), () -> clusters.resolve(platform).clusters(),
        cluster -> remoteSources.connect(context, cluster, namespace));
    if (forbidden.isPresent()) {
      return finish(pool, WorkerPoolStatusFactory.notReconciled(previous, generation, now, name, forbidden.get()), false, context);
    }
    if (!PlatformKafkas.any(platform.getSpec())) {
      return finish(pool, WorkerPoolStatusFactory.notReconciled(previous, generation, now, name, Verdict.blocked(Reason.KAFKA_NOT_PROVIDED,
          "WorkerPool " + name + " consumes topic " + pool.getSpec().queue().topic() + ", but Platform " + platform.getMetadata().getName()
              + " has no Kafka: neither spec.kafka nor a cluster's overrides.kafka")), false, context);
    }

    var resolution = clusters.resolve(platform);
    var scalingSpec = WorkerPoolScaling.of(pool.getSpec());
    var placedClusters = WorkloadPlacement.placed(resolution, pool.getSpec().placement());
    // Each cluster's connection is looked at once: the workers counted are those of connected clusters.
    var connections = new HashMap<String, Optional<Verdict>>();
    Function<TargetCluster, Verdict> connect = cluster -> connections.computeIfAbsent(cluster.name(),
        n -> Optional.ofNullable(remoteSources.connect(context, cluster, pool.getMetadata().getNamespace()))).orElse(null);
    // Workers still consuming as the unprefixed group move only once its offsets are carried over.
    var held = carryOver.before(pool, platform, placedClusters,
        cluster -> connect.apply(cluster) == null ? liveDeployment(context, cluster, pool) : Optional.empty(),
        message -> events.onAction(pool, Reason.CONSUMER_GROUP_CARRIED_OVER, message));
    var groups = ConsumerGroups.of(platform.getSpec(), placedClusters, scalingSpec, (kafka, names, bounded) -> {
      int current = placedClusters.stream().filter(c -> names.contains(c.name()) && connect.apply(c) == null)
          .mapToInt(c -> liveReplicas(context, c, pool).orElse(0)).sum();
      var hold = held.get(PlatformKafkas.identity(kafka.bootstrapServers()));
      if (hold != null) return autoscaler.held(pool, kafka, bounded, current, hold.reason(), hold.message());
      return autoscaler.poll(pool, platform, kafka, bounded, current, now);
    });
    var scaled = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
    var placed = WorkloadPlacement.reconcile(platform, resolution, pool.getSpec().placement(), connect,
        cluster -> {
          var group = groups.groupOf(cluster.name());
          if (group.isEmpty()) {
            return new ClusterOutcome(cluster.name(), Verdict.blocked(Reason.KAFKA_NOT_PROVIDED, "cluster " + cluster.name() + " has no Kafka: "
                + "Platform " + platform.getMetadata().getName() + " has no spec.kafka and the cluster no overrides.kafka"), null, null);
          }
          var hold = held.get(PlatformKafkas.identity(group.get().kafka().bootstrapServers()));
          if (hold != null) return new ClusterOutcome(cluster.name(), hold, null, null);
          var result = reconcileOn(cluster, pool, platform, context, group.get().counts());
          if (result.scaled()) scaled.add(group.get().kafka().bootstrapServers());
          return result.outcome();
        },
        cluster -> {
          var counts = groups.on(cluster.name());
          var failure = DEPENDENTS.remove(context, cluster, WorkerPoolModelFactory.resolve(pool, platform, cluster, settings,
              Optional.empty(), Optional.empty(), counts.manual(cluster.name()), counts.floor(cluster.name())), pool.getMetadata().getNamespace());
          return failure != null ? failure : WorkloadSecrets.removeGenerated(context, cluster, WorkloadKind.WorkerPool, pool);
        }, previous == null ? null : previous.clusters(), generation);
    for (var group : groups.groups()) {
      if (!scaled.contains(group.kafka().bootstrapServers())) continue;
      var decision = group.scaling().decision();
      events.onAction(pool, decision.reason(), (groups.groups().size() > 1 ? "Kafka " + group.kafka().bootstrapServers() + ": " : "")
          + decision.message());
    }
    if (placed.notPlaced() != null) {
      return finish(pool, WorkerPoolStatusFactory.notPlaced(previous, generation, now, name, placed.notPlaced()), placed.retry(), context);
    }
    var dataServices = DataClaims.verdict(platform, WorkloadKind.WorkerPool.name(), name)
        .or(() -> TopicReadiness.of(platform, placedClusters, TopicDeclaration.of(pool)))
        .or(() -> RedisReadiness.of(platform, pool.getSpec().uses()))
        .or(() -> MongoReadiness.of(platform, pool.getSpec().uses()));
    var next = WorkerPoolStatusFactory.reconciled(previous, generation, now, name, placed.outcomes(), dataServices,
        new WorkerPoolStatusFactory.ScalingOutcome(scalingSpec.lag(), groups.groups(), scalingSpec.manualReplicas(), !scaled.isEmpty()));
    StatusWriter.write(pool, next, WorkerPool::new, context, events);
    // Come back for the retry of a failed cluster, the next poll and the certificate's renewal, whichever is first.
    var wakes = new ArrayList<Duration>();
    if (placed.retry()) {
      wakes.add(backoff.failed(pool.getMetadata().getUid()));
    } else {
      backoff.succeeded(pool.getMetadata().getUid());
    }
    groups.groups().stream().filter(g -> g.scaling() != null).forEach(g -> wakes.add(g.scaling().nextPoll()));
    WorkloadCertificate.renewal(context, pool, platform, placedClusters, now).ifPresent(wakes::add);
    UpdateControl<WorkerPool> control = UpdateControl.noUpdate();
    return wakes.stream().min(Duration::compareTo).map(control::rescheduleAfter).orElse(control);
  }

  /** One cluster's outcome, and whether its worker count was changed by a decision of this reconcile. */
  private record OnCluster(ClusterOutcome outcome, boolean scaled) {
    static OnCluster failed(String cluster, Verdict verdict) {
      return new OnCluster(new ClusterOutcome(cluster, verdict, null, null), false);
    }
  }

  private OnCluster reconcileOn(TargetCluster cluster, WorkerPool pool, Platform platform, Context<WorkerPool> context, WorkerCounts counts) {
    String namespace = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    var notAllowed = secretLabels.check(cluster, namespace, "WorkerPool " + name, pool.getSpec().env(), platform);
    if (notAllowed.isPresent()) return OnCluster.failed(cluster.name(), notAllowed.get());
    var live = ResourceApplier.cached(context, cluster, Deployment.class, namespace, name);
    var ensured = WorkloadSecrets.ensure(context, cluster, pool, WorkloadKind.WorkerPool, pool.getSpec().uses(), platform, settings,
        clock.instant());
    if (ensured.failure() != null) return OnCluster.failed(cluster.name(), ensured.failure());
    var secrets = ensured.secrets();
    var model = WorkerPoolModelFactory.resolve(pool, platform, cluster, settings, secrets.credentials(), secrets.tls(),
        counts.manual(cluster.name()), counts.floor(cluster.name()));
    boolean lag = counts.spec().lag();
    Integer written = null;
    try {
      // Switching from Manual: the autoscaler takes the count over before Keelson's apply drops it.
      if (lag && live.isPresent()) written = scale(cluster, live.get(), counts, cluster.name());
      var outcome = DEPENDENTS.reconcile(context, cluster, model, namespace);
      if (outcome.failure() != null) return OnCluster.failed(cluster.name(), outcome.failure());
      Deployment deployment = outcome.find(Deployment.class);
      if (lag && live.isEmpty()) written = scale(cluster, deployment, counts, cluster.name());
      var readiness = DeploymentReadiness.of(deployment);
      var failure = secrets.retirePreviousWhenRolledOut(context, cluster, readiness);
      if (failure != null) return OnCluster.failed(cluster.name(), failure);
      int replicas = written != null ? written : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
      boolean scaled = counts.fresh() && written != null && live.isPresent() && !written.equals(live.get().getSpec().getReplicas());
      return new OnCluster(new ClusterOutcome(cluster.name(), readiness, replicas, DeploymentReadiness.readyReplicas(deployment)), scaled);
    } catch (KubernetesClientException e) {
      return OnCluster.failed(cluster.name(), ApplyFailure.verdict("Deployment " + name + " scale", e));
    }
  }

  /**
   * Sets the count through the scale subresource when it differs from the latest decision, or when
   * the autoscaler does not own it yet (a new Deployment, a pool switched from Manual): the count
   * written, or null when nothing was. The count comes from the latest decision, never from the
   * cache, which may not show the autoscaler's last write yet; before any decision (the lag not
   * read yet) the count is held, within [minReplicas, maxReplicas].
   */
  private static Integer scale(TargetCluster cluster, Deployment deployment, WorkerCounts counts, String clusterName) {
    Integer current = deployment.getSpec().getReplicas();
    boolean owned = DeploymentScale.owned(deployment);
    Integer target = counts.target(clusterName);
    if (target == null && owned) return null;
    int replicas = target != null ? target
        : Math.max(counts.floor(clusterName), Math.min(counts.ceiling(clusterName), Objects.requireNonNullElse(current, 1)));
    if (owned && current != null && current == replicas) return null;
    DeploymentScale.set(cluster, deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(), replicas);
    return replicas;
  }

  private static Optional<Integer> liveReplicas(Context<WorkerPool> context, TargetCluster cluster, WorkerPool pool) {
    return liveDeployment(context, cluster, pool).map(d -> Objects.requireNonNullElse(d.getSpec().getReplicas(), 1));
  }

  private static Optional<Deployment> liveDeployment(Context<WorkerPool> context, TargetCluster cluster, WorkerPool pool) {
    return ResourceApplier.cached(context, cluster, Deployment.class, pool.getMetadata().getNamespace(), pool.getMetadata().getName());
  }

  private UpdateControl<WorkerPool> finish(WorkerPool pool, WorkerPoolStatus next, boolean retry, Context<WorkerPool> context) {
    StatusWriter.write(pool, next, WorkerPool::new, context, events);
    return backoff.control(pool, retry);
  }

  /** Deleting a WorkerPool: as a Service's ({@link RemoteCleanup}). Its consumer group stays in Kafka. */
  @Override
  public DeleteControl cleanup(WorkerPool pool, Context<WorkerPool> context) {
    var match = PlatformLookup.find(context, pool.getMetadata().getNamespace(), pool.getSpec().platformRef());
    if (!match.found()) return DeleteControl.defaultDelete();
    return RemoteCleanup.cleanup(pool, RemoteCleanup.ownedBy(WorkloadKind.WorkerPool.name(), pool), clusters.resolveForDeletion(match.platform()),
        settings.deletionGracePeriod(), clock.instant(), events);
  }

  @Override
  public ErrorStatusUpdateControl<WorkerPool> updateErrorStatus(WorkerPool pool, Context<WorkerPool> context, Exception e) {
    if (ApplyFailure.raced(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    var next = WorkerPoolStatusFactory.notReconciled(pool.getStatus(), pool.getMetadata().getGeneration(), clock.instant(),
        pool.getMetadata().getName(), ApplyFailure.reconcileFailed(e));
    StatusWriter.write(pool, next, WorkerPool::new, context, events);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
