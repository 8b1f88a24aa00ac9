package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.kafka.KafkaTopics;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.DependentSet;
import dev.keelson.operator.reconcile.EventRecorder;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.ResourceApplier;
import dev.keelson.operator.reconcile.RetryBackoff;
import dev.keelson.operator.reconcile.StatusWriter;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.ClusterSummary;
import dev.keelson.operator.status.Verdict;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciles a Platform: checks its spec, resolves its target clusters, and on each applies the
 * namespace-wide objects the Platform owns (the default-deny NetworkPolicy); keeps the topics its
 * workloads declare in line on its Kafka.
 */
@ControllerConfiguration(name = PlatformReconciler.NAME, fieldManager = ResourceApplier.FIELD_MANAGER, generationAwareEventProcessing = false,
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class))
public class PlatformReconciler implements Reconciler<Platform> {
  public static final String NAME = "platform";
  static final String CLUSTER_READY = "ClusterReady";
  static final DependentSet<PlatformModel> DEPENDENTS = new DependentSet<>(List.of(new PlatformNetworkPolicyDependent()));

  private final ClusterRegistry clusters;
  private final KafkaTopics kafkaTopics;
  private final EventRecorder events;
  private final Clock clock;
  private final RetryBackoff backoff = new RetryBackoff();

  public PlatformReconciler(ClusterRegistry clusters, KafkaTopics kafkaTopics, EventRecorder events, Clock clock) {
    this.clusters = clusters;
    this.kafkaTopics = kafkaTopics;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Platform>> prepareEventSources(EventSourceContext<Platform> context) {
    var sources = new ArrayList<EventSource<?, Platform>>(
        OwnedResourceInformers.forLocalCluster(context, PlatformModel.KIND, DEPENDENTS.resourceTypes()));
    sources.add(PlatformWorkloads.informer(context, KeelsonService.class, PlatformWorkloads.SERVICES, s -> s.getSpec().platformRef()));
    sources.add(PlatformWorkloads.informer(context, WorkerPool.class, PlatformWorkloads.WORKER_POOLS, p -> p.getSpec().platformRef()));
    return sources;
  }

  @Override
  public UpdateControl<Platform> reconcile(Platform platform, Context<Platform> context) {
    long generation = platform.getMetadata().getGeneration();
    var now = clock.instant();
    PlatformStatus previous = platform.getStatus();

    var problem = PlatformSpecCheck.problem(platform.getSpec());
    Verdict overall;
    List<ClusterStatus> clusterStatuses;
    KafkaStatus kafkaStatus = problem.isPresent() && previous != null ? previous.kafka() : null;
    boolean retry = false;
    if (problem.isPresent()) {
      overall = Verdict.blocked(ApplyFailure.INVALID_SPEC, problem.get());
      clusterStatuses = List.of();
    } else {
      var resolution = clusters.resolve(platform);
      var outcomes = new ArrayList<ClusterOutcome>();
      for (var cluster : resolution.clusters()) {
        outcomes.add(reconcileOn(cluster, platform, context));
      }
      for (var unusable : resolution.unusable()) {
        outcomes.add(new ClusterOutcome(unusable.name(), Verdict.blocked(unusable.reason(), unusable.message()), null, null));
      }
      retry = outcomes.stream().anyMatch(o -> ApplyFailure.retried(o.verdict()));
      overall = ClusterOutcome.aggregate(outcomes, "all " + outcomes.size() + " clusters ready");
      var before = previous == null ? null : previous.clusters();
      clusterStatuses = outcomes.stream().map(o -> o.toStatus(before, generation, now)).toList();
      var kafka = kafkaTopics.sync(platform, PlatformWorkloads.topicDeclarations(platform, context), now);
      kafkaStatus = kafka.status();
      retry |= kafka.retry();
      if (overall.ready() && kafkaStatus != null && !Boolean.TRUE.equals(kafkaStatus.ready())) {
        overall = Verdict.degraded(kafkaStatus.reason(), "Kafka: " + kafkaStatus.message());
      }
    }
    var next = new PlatformStatus(generation,
        overall.conditions(previous == null ? null : previous.conditions(), generation, now),
        clusterStatuses, ClusterSummary.of(clusterStatuses), kafkaStatus);
    StatusWriter.write(platform, next, Platform::new, context, events);
    UpdateControl<Platform> control = UpdateControl.noUpdate();
    if (!retry) {
      backoff.succeeded(platform.getMetadata().getUid());
      return control;
    }
    return control.rescheduleAfter(backoff.failed(platform.getMetadata().getUid()));
  }

  private ClusterOutcome reconcileOn(TargetCluster cluster, Platform platform, Context<Platform> context) {
    var model = PlatformModel.resolve(platform, cluster);
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.namespace());
    if (outcome.failure() != null) return new ClusterOutcome(cluster.name(), outcome.failure(), null, null);
    String message = cluster.local() ? "the operator's own cluster" : "cluster reachable";
    return new ClusterOutcome(cluster.name(), Verdict.ready(CLUSTER_READY, message), null, null);
  }
}
