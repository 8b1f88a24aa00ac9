package dev.keelson.operator.service;

import dev.keelson.operator.workload.DeploymentReadiness;
import dev.keelson.operator.workload.ReplicaHandover;
import dev.keelson.operator.workload.WorkloadBindingSecretDependent;
import dev.keelson.operator.workload.WorkloadCertificate;
import dev.keelson.operator.workload.WorkloadCredentials;
import dev.keelson.operator.workload.WorkloadDeploymentDependent;
import dev.keelson.operator.workload.WorkloadKind;
import dev.keelson.operator.workload.WorkloadModel;
import dev.keelson.operator.workload.WorkloadNetworkPolicyDependent;
import dev.keelson.operator.workload.WorkloadPodDisruptionBudgetDependent;
import dev.keelson.operator.workload.WorkloadPlacement;
import dev.keelson.operator.workload.WorkloadSecrets;
import dev.keelson.operator.workload.SecretLabelRule;
import dev.keelson.operator.workload.SecretReferences;
import dev.keelson.operator.workload.WorkloadServiceAccountDependent;
import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.ApiGroup;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.ServiceStatus;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.mongodb.MongoReadiness;
import dev.keelson.operator.redis.RedisReadiness;
import dev.keelson.operator.kafka.TopicReadiness;
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
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Verdict;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles a Service custom resource: finds its Platform, then on every target cluster applies
 * the objects it owns and reads back their state into the status.
 */
@ControllerConfiguration(name = ServiceReconciler.NAME, fieldManager = ResourceApplier.FIELD_MANAGER, generationAwareEventProcessing = false,
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class))
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
  private final ClusterRegistry clusters;
  private final EventRecorder events;
  private final KeelsonSettings settings;
  private final Clock clock;
  private final RetryBackoff backoff = new RetryBackoff();
  private final SecretLabelRule secretLabels;
  private final RemoteClusterSources<KeelsonService> remoteSources =
      new RemoteClusterSources<>(WorkloadKind.Service.name(), DEPENDENTS.resourceTypes(),
          List.of(WorkloadCertificate.remoteCaInformers((KeelsonService w) -> w.getSpec().platformRef())));

  public ServiceReconciler(ClusterRegistry clusters, EventRecorder events, KeelsonSettings settings, Clock clock) {
    this.clusters = clusters;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.secretLabels = new SecretLabelRule(clock);
  }

  @Override
  public List<EventSource<?, KeelsonService>> prepareEventSources(EventSourceContext<KeelsonService> context) {
    var sources = new ArrayList<EventSource<?, KeelsonService>>(
        OwnedResourceInformers.forLocalCluster(context, WorkloadKind.Service.name(), DEPENDENTS.resourceTypes()));
    sources.add(PlatformLookup.informer(context, s -> s.getSpec().platformRef(), (s, p) -> SecretReferences.reads(s.getSpec().env(), p)));
    sources.add(WorkloadCertificate.caInformer(context, s -> s.getSpec().platformRef()));
    sources.add(remoteSources.eventSource(clusters.remote(), context,
        RemoteClusterSources.ownersIn(context, (s, platform) -> PlatformLookup.mayReferTo(s.getSpec().platformRef(), platform))));
    return sources;
  }

  @Override
  public UpdateControl<KeelsonService> reconcile(KeelsonService service, Context<KeelsonService> context) {
    long generation = service.getMetadata().getGeneration();
    var now = clock.instant();
    ServiceStatus previous = service.getStatus();

    if (ApiGroup.paused(service)) {
      return finish(service, ServiceStatusFactory.paused(previous, generation, now,
          "reconciliation is paused by the annotation " + PAUSED_ANNOTATION + "=true; remove it to resume"), false, context);
    }
    var match = PlatformLookup.find(context, service.getMetadata().getNamespace(), service.getSpec().platformRef());
    if (!match.found()) {
      return finish(service, ServiceStatusFactory.notReconciled(previous, generation, now,
          Verdict.blocked(match.reason(), match.message())), false, context);
    }

    String namespace = service.getMetadata().getNamespace();
    var forbidden = SecretReferences.refuse(context, WorkloadKind.Service.name(), service.getMetadata().getName(), namespace,
        service.getSpec().env(), PlatformLookup.inNamespace(context, namespace), () -> clusters.resolve(match.platform()).clusters(),
        cluster -> remoteSources.connect(context, cluster, namespace));
    if (forbidden.isPresent()) {
      return finish(service, ServiceStatusFactory.notReconciled(previous, generation, now, forbidden.get()), false, context);
    }

    var resolution = clusters.resolve(match.platform());
    var placed = WorkloadPlacement.reconcile(match.platform(), resolution, service.getSpec().placement(),
        cluster -> remoteSources.connect(context, cluster, service.getMetadata().getNamespace()),
        cluster -> reconcileOn(cluster, service, match.platform(), context),
        cluster -> {
          var model = ServiceModelFactory.resolve(service, match.platform(), cluster, settings, Optional.empty(), Optional.empty(),
              Optional.empty());
          var failure = DEPENDENTS.remove(context, cluster, model, model.identity().namespace());
          return failure != null ? failure : WorkloadSecrets.removeGenerated(context, cluster, WorkloadKind.Service, service);
        }, previous == null ? null : previous.clusters(), generation);
    boolean retry = placed.retry();
    if (placed.notPlaced() != null) {
      return finish(service, ServiceStatusFactory.notPlaced(previous, generation, now, placed.notPlaced()), retry, context);
    }
    var outcomes = placed.outcomes();
    String url = WorkloadModel.url(service.getSpec().expose());
    var dataServices = DataClaims.verdict(match.platform(), WorkloadKind.Service.name(), service.getMetadata().getName())
        .or(() -> TopicReadiness.of(match.platform(), WorkloadPlacement.placed(resolution, service.getSpec().placement()),
            TopicDeclaration.of(service)))
        .or(() -> RedisReadiness.of(match.platform(), service.getSpec().uses()))
        .or(() -> MongoReadiness.of(match.platform(), service.getSpec().uses()));
    var next = ServiceStatusFactory.reconciled(previous, generation, now, outcomes, url, dataServices,
        WorkloadCredentials.bindingSecretName(service.getMetadata().getName(), service.getSpec().uses(), match.platform()));
    var renewal = WorkloadCertificate.renewal(context, service, match.platform(),
        WorkloadPlacement.placed(resolution, service.getSpec().placement()), now);
    var control = finish(service, next, retry, context);
    // Come back when the certificate is to be renewed, even if nothing else happens until then.
    return retry || renewal.isEmpty() ? control : control.rescheduleAfter(renewal.get());
  }

  private ClusterOutcome reconcileOn(TargetCluster cluster, KeelsonService service, Platform platform, Context<KeelsonService> context) {
    var notAllowed = secretLabels.check(cluster, service.getMetadata().getNamespace(), "Service " + service.getMetadata().getName(),
        service.getSpec().env(), platform);
    if (notAllowed.isPresent()) return new ClusterOutcome(cluster.name(), notAllowed.get(), null, null);
    var live = ResourceApplier.cached(context, cluster, Deployment.class, service.getMetadata().getNamespace(), service.getMetadata().getName());
    var ensured = WorkloadSecrets.ensure(context, cluster, service, WorkloadKind.Service, service.getSpec().uses(), platform, settings,
        clock.instant());
    if (ensured.failure() != null) return new ClusterOutcome(cluster.name(), ensured.failure(), null, null);
    var secrets = ensured.secrets();
    var model = ServiceModelFactory.resolve(service, platform, cluster, settings, live, secrets.credentials(), secrets.tls());
    // Switching autoscaling on: the handover must own the count before Keelson's apply drops it;
    // for a new Deployment it can only follow the apply that creates it.
    var failure = live.isPresent() ? handOverReplicas(cluster, model) : null;
    if (failure != null) return new ClusterOutcome(cluster.name(), failure, null, null);
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.identity().namespace());
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

  private UpdateControl<KeelsonService> finish(KeelsonService service, ServiceStatus next, boolean retry, Context<KeelsonService> context) {
    StatusWriter.write(service, next, KeelsonService::new, context, events);
    return backoff.control(service, retry);
  }

  /**
   * Deleting a Service: its objects on remote clusters are removed (on the operator's own cluster
   * owner references do it); see {@link RemoteCleanup} for a cluster that cannot be reached.
   */
  @Override
  public DeleteControl cleanup(KeelsonService service, Context<KeelsonService> context) {
    var match = PlatformLookup.find(context, service.getMetadata().getNamespace(), service.getSpec().platformRef());
    if (!match.found()) return DeleteControl.defaultDelete();
    return RemoteCleanup.cleanup(service, RemoteCleanup.ownedBy(WorkloadKind.Service.name(), service), clusters.resolveForDeletion(match.platform()),
        settings.deletionGracePeriod(), clock.instant(), events);
  }

  @Override
  public ErrorStatusUpdateControl<KeelsonService> updateErrorStatus(KeelsonService service, Context<KeelsonService> context, Exception e) {
    if (ApplyFailure.raced(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    var previous = service.getStatus();
    var next = ServiceStatusFactory.notReconciled(previous, service.getMetadata().getGeneration(), clock.instant(),
        ApplyFailure.reconcileFailed(e));
    StatusWriter.write(service, next, KeelsonService::new, context, events);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
