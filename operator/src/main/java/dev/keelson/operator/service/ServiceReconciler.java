package dev.keelson.operator.service;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.ApiGroup;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.TargetCluster;
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
import dev.keelson.operator.status.Verdict;
import dev.keelson.operator.workload.DeploymentReadiness;
import dev.keelson.operator.workload.ReplicaHandover;
import dev.keelson.operator.workload.WorkloadBindingSecretDependent;
import dev.keelson.operator.workload.WorkloadCertificate;
import dev.keelson.operator.workload.WorkloadCredentials;
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
import java.util.List;
import java.util.Optional;

/**
 * Reconciles a Service custom resource: finds its Platform, then on every target cluster applies
 * the objects it owns and reads back their state into the status. The steps it shares with a
 * WorkerPool are {@link WorkloadFlow}'s; its own are its objects, its model and the replica
 * handover to its HPA.
 */
@ControllerConfiguration(name = ServiceReconciler.NAME, fieldManager = ResourceApplier.FIELD_MANAGER, generationAwareEventProcessing = false,
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class,
        onAddFilter = InputArrivals.Added.class, onUpdateFilter = InputArrivals.Updated.class))
public class ServiceReconciler implements Reconciler<KeelsonService>, Cleaner<KeelsonService> {
  public static final String NAME = "service";
  /** Annotation that stops every write for one Service while set to "true". */
  public static final String PAUSED_ANNOTATION = ApiGroup.PAUSED_ANNOTATION;

  /** Everything a Service owns, in the order it is applied. */
  static final DependentSet<WorkloadModel> DEPENDENTS = new DependentSet<>(List.of(
      new WorkloadServiceAccountDependent(),
      new ServiceConfigMapDependent(),
      new WorkloadBindingSecretDependent(),
      new ServiceServiceDependent(),
      new WorkloadDeploymentDependent(),
      new ServiceHorizontalPodAutoscalerDependent(),
      new WorkloadPodDisruptionBudgetDependent(),
      new WorkloadNetworkPolicyDependent(),
      new ServiceIngressDependent()));
  private final KeelsonSettings settings;
  private final Clock clock;
  private final ReconcileGate gate;
  private final WorkloadFlow<KeelsonService, ServiceStatus> flow;

  public ServiceReconciler(ClusterRegistry clusters, EventRecorder events, StatusMetrics metrics, KeelsonSettings settings, ReconcileGate gate,
      Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.gate = gate;
    this.flow = new WorkloadFlow<>(WorkloadKind.Service, DEPENDENTS, KeelsonService::new, ServiceStatusFactory::notReconciled,
        "reconciliation is paused by the annotation " + PAUSED_ANNOTATION + "=true; remove it to resume", clusters, events, metrics, settings,
        clock);
  }

  @Override
  public List<EventSource<?, KeelsonService>> prepareEventSources(EventSourceContext<KeelsonService> context) {
    return flow.eventSources(context);
  }

  /** Reconciles in its turn ({@link ReconcileGate}: few at once while a burst of custom resources arrives). */
  @Override
  public UpdateControl<KeelsonService> reconcile(KeelsonService service, Context<KeelsonService> context) {
    try (var turn = gate.enter()) {
      return reconcileInTurn(service, context);
    }
  }

  private UpdateControl<KeelsonService> reconcileInTurn(KeelsonService service, Context<KeelsonService> context) {
    var admission = flow.admit(service, context);
    if (admission.stopped() != null) return admission.stopped();
    var platform = admission.platform();
    long generation = service.getMetadata().getGeneration();
    var now = clock.instant();
    ServiceStatus previous = service.getStatus();
    var resolution = flow.resolve(platform);
    var placed = flow.place(service, platform, resolution, context, cluster -> flow.connect(context, cluster, service),
        cluster -> reconcileOn(cluster, service, platform, context),
        cluster -> ServiceModelFactory.resolve(service, platform, cluster, settings, Optional.empty(), Optional.empty(), Optional.empty()));
    boolean retry = placed.retry();
    if (placed.notPlaced() != null) {
      return flow.finish(service, ServiceStatusFactory.notPlaced(previous, generation, now, placed.notPlaced()), retry, context);
    }
    var placedClusters = WorkloadPlacement.placed(resolution, service.getSpec().placement());
    var dataServices = flow.dataServices(service, platform, placedClusters, TopicDeclaration.of(service));
    var next = ServiceStatusFactory.reconciled(previous, generation, now, placed.outcomes(), WorkloadModel.url(service.getSpec().expose()),
        dataServices, WorkloadCredentials.bindingSecretName(service.getMetadata().getName(), service.getSpec().uses(), platform));
    var renewal = WorkloadCertificate.renewal(context, service, platform, placedClusters, now);
    var control = flow.finish(service, next, retry, context);
    // Come back when the certificate is to be renewed, even if nothing else happens until then.
    return retry || renewal.isEmpty() ? control : control.rescheduleAfter(renewal.get());
  }

  private ClusterOutcome reconcileOn(TargetCluster cluster, KeelsonService service, Platform platform, Context<KeelsonService> context) {
    var prepared = flow.prepare(cluster, service, platform, context);
    if (prepared.refused() != null) return new ClusterOutcome(cluster.name(), prepared.refused(), null, null);
    var live = prepared.live();
    var secrets = prepared.secrets();
    var model = ServiceModelFactory.resolve(service, platform, cluster, settings, live, secrets.credentials(), secrets.tls());
    // Switching autoscaling on: the handover must own the count before Keelson's apply drops it;
    // for a new Deployment it can only follow the apply that creates it.
    var failure = live.isPresent() ? handOverReplicas(cluster, model) : null;
    if (failure != null) return new ClusterOutcome(cluster.name(), failure, null, null);
    var outcome = flow.apply(context, cluster, model);
    failure = outcome.failure() != null ? outcome.failure() : live.isEmpty() ? handOverReplicas(cluster, model) : null;
    if (failure != null) return new ClusterOutcome(cluster.name(), failure, null, null);
    Deployment deployment = outcome.find(Deployment.class);
    var readiness = DeploymentReadiness.of(deployment);
    failure = secrets.retirePreviousWhenRolledOut(context, cluster, readiness);
    if (failure != null) return new ClusterOutcome(cluster.name(), failure, null, null);
    return new ClusterOutcome(cluster.name(), readiness, deployment.getSpec().getReplicas(), DeploymentReadiness.readyReplicas(deployment));
  }

  /** Applies the replica handover when the model has one; the verdict of its failure, or null. */
  private static Verdict handOverReplicas(TargetCluster cluster, WorkloadModel model) {
    if (model.scaling().handoverReplicas() == null) return null;
    try {
      ReplicaHandover.apply(cluster, model);
      return null;
    } catch (KubernetesClientException e) {
      return ApplyFailure.verdict("Deployment " + model.identity().name() + " replicas", e);
    }
  }

  @Override
  public DeleteControl cleanup(KeelsonService service, Context<KeelsonService> context) {
    return flow.cleanup(service, context);
  }

  @Override
  public ErrorStatusUpdateControl<KeelsonService> updateErrorStatus(KeelsonService service, Context<KeelsonService> context, Exception e) {
    return flow.errorStatus(service, context, e);
  }
}
