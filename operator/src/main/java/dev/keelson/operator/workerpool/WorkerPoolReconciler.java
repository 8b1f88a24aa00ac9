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
import dev.keelson.operator.metrics.StatusMetrics;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.EventRecorder;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.InputArrivals;
import dev.keelson.operator.reconcile.ReconcileGate;
import dev.keelson.operator.reconcile.ResourceApplier;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import dev.keelson.operator.workload.DeploymentReadiness;
import dev.keelson.operator.workload.WorkloadBindingSecretDependent;
import dev.keelson.operator.workload.WorkloadCertificate;
import dev.keelson.operator.workload.WorkloadDeploymentDependent;
import dev.keelson.operator.workload.WorkloadFlow;
import dev.keelson.operator.workload.WorkloadKind;
import dev.keelson.operator.workload.WorkloadModel;
import dev.keelson.operator.workload.WorkloadNetworkPolicyDependent;
import dev.keelson.operator.workload.WorkloadPlacement;
import dev.keelson.operator.workload.WorkloadPodDisruptionBudgetDependent;
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
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class,
        onAddFilter = InputArrivals.Added.class, onUpdateFilter = InputArrivals.Updated.class))
public class WorkerPoolReconciler implements Reconciler<WorkerPool>, Cleaner<WorkerPool> {
  public static final String NAME = "workerpool";

  /** Everything a WorkerPool owns, in the order it is applied. */
  static final DependentSet<WorkloadModel> DEPENDENTS = new DependentSet<>(List.of(
      new WorkloadServiceAccountDependent(),
      new WorkloadBindingSecretDependent(),
      new WorkloadDeploymentDependent(),
      new WorkloadPodDisruptionBudgetDependent(),
      new WorkloadNetworkPolicyDependent()));
  private final EventRecorder events;
  private final KeelsonSettings settings;
  private final WorkerPoolAutoscaler autoscaler;
  private final ConsumerGroupCarryOver carryOver;
  private final Clock clock;
  private final ReconcileGate gate;
  private final WorkloadFlow<WorkerPool, WorkerPoolStatus> flow;

  public WorkerPoolReconciler(ClusterRegistry clusters, EventRecorder events, StatusMetrics metrics, KeelsonSettings settings,
      WorkerPoolAutoscaler autoscaler, ConsumerGroupCarryOver carryOver, ReconcileGate gate, Clock clock) {
    this.events = events;
    this.settings = settings;
    this.autoscaler = autoscaler;
    this.carryOver = carryOver;
    this.clock = clock;
    this.gate = gate;
    this.flow = new WorkloadFlow<>(WorkloadKind.WorkerPool, DEPENDENTS, WorkerPool::new, WorkerPoolStatusFactory::notReconciled,
        "reconciliation and scaling are paused by the annotation " + ApiGroup.PAUSED_ANNOTATION + "=true; remove it to resume", clusters,
        events, metrics, settings, clock);
  }

  @Override
  public List<EventSource<?, WorkerPool>> prepareEventSources(EventSourceContext<WorkerPool> context) {
    return flow.eventSources(context);
  }

  /** Reconciles in its turn ({@link ReconcileGate}: few at once while a burst of custom resources arrives). */
  @Override
  public UpdateControl<WorkerPool> reconcile(WorkerPool pool, Context<WorkerPool> context) {
    try (var turn = gate.enter()) {
      return reconcileInTurn(pool, context);
    }
  }

  private UpdateControl<WorkerPool> reconcileInTurn(WorkerPool pool, Context<WorkerPool> context) {
    long generation = pool.getMetadata().getGeneration();
    String name = pool.getMetadata().getName();
    Instant now = clock.instant();
    WorkerPoolStatus previous = pool.getStatus();

    var admission = flow.admit(pool, context);
    if (admission.stopped() != null) return admission.stopped();
    Platform platform = admission.platform();
    if (!PlatformKafkas.any(platform.getSpec())) {
      return flow.stop(pool, Verdict.blocked(Reason.KAFKA_NOT_PROVIDED, "WorkerPool " + name + " consumes topic " + pool.getSpec().queue().topic()
          + ", but Platform " + platform.getMetadata().getName() + " has no Kafka: neither spec.kafka nor a cluster's overrides.kafka"), context);
    }

    var resolution = flow.resolve(platform);
    var scalingSpec = WorkerPoolScaling.of(pool.getSpec());
    var placedClusters = WorkloadPlacement.placed(resolution, pool.getSpec().placement());
    // Each cluster's connection is looked at once: the workers counted are those of connected clusters.
    var connections = new HashMap<String, Optional<Verdict>>();
    Function<TargetCluster, Verdict> connect = cluster -> connections.computeIfAbsent(cluster.name(),
        n -> Optional.ofNullable(flow.connect(context, cluster, pool))).orElse(null);
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
    var placed = flow.place(pool, platform, resolution, context, connect,
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
          return WorkerPoolModelFactory.resolve(pool, platform, cluster, settings, Optional.empty(), Optional.empty(),
              counts.manual(cluster.name()), counts.floor(cluster.name()));
        });
    for (var group : groups.groups()) {
      if (!scaled.contains(group.kafka().bootstrapServers())) continue;
      var decision = group.scaling().decision();
      events.onAction(pool, decision.reason(), (groups.groups().size() > 1 ? "Kafka " + group.kafka().bootstrapServers() + ": " : "")
          + decision.message());
    }
    if (placed.notPlaced() != null) {
      return flow.finish(pool, WorkerPoolStatusFactory.notPlaced(previous, generation, now, name, placed.notPlaced()), placed.retry(),
          context);
    }
    var dataServices = flow.dataServices(pool, platform, placedClusters, TopicDeclaration.of(pool));
    var next = WorkerPoolStatusFactory.reconciled(previous, generation, now, name, placed.outcomes(), dataServices,
        new WorkerPoolStatusFactory.ScalingOutcome(scalingSpec.lag(), groups.groups(), scalingSpec.manualReplicas(), !scaled.isEmpty()));
    flow.write(pool, next, context);
    // Come back for the retry of a failed cluster, the next poll and the certificate's renewal, whichever is first.
    var wakes = new ArrayList<Duration>();
    if (placed.retry()) {
      wakes.add(flow.backoff().failed(pool.getMetadata().getUid()));
    } else {
      flow.backoff().succeeded(pool.getMetadata().getUid());
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
    String name = pool.getMetadata().getName();
    var prepared = flow.prepare(cluster, pool, platform, context);
    if (prepared.refused() != null) return OnCluster.failed(cluster.name(), prepared.refused());
    var live = prepared.live();
    var secrets = prepared.secrets();
    var model = WorkerPoolModelFactory.resolve(pool, platform, cluster, settings, secrets.credentials(), secrets.tls(),
        counts.manual(cluster.name()), counts.floor(cluster.name()));
    boolean lag = counts.spec().lag();
    Integer written = null;
    try {
      // Switching from Manual: the autoscaler takes the count over before Keelson's apply drops it.
      if (lag && live.isPresent()) written = scale(cluster, live.get(), counts, cluster.name());
      var outcome = flow.apply(context, cluster, model);
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

  /** Deleting a WorkerPool: as a Service's ({@link WorkloadFlow#cleanup}). Its consumer group stays in Kafka. */
  @Override
  public DeleteControl cleanup(WorkerPool pool, Context<WorkerPool> context) {
    return flow.cleanup(pool, context);
  }

  @Override
  public ErrorStatusUpdateControl<WorkerPool> updateErrorStatus(WorkerPool pool, Context<WorkerPool> context, Exception e) {
    return flow.errorStatus(pool, context, e);
  }
}
