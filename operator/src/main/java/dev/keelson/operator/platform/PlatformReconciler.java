package dev.keelson.operator.platform;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.cluster.ClusterRegistry;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.kafka.KafkaTopics;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicPrefixClaims;
import dev.keelson.operator.kafka.TopicReadiness;
import dev.keelson.operator.pki.CaRotation;
import dev.keelson.operator.pki.CertificateSecrets;
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
import dev.keelson.operator.reconcile.RetainedSecrets;
import dev.keelson.operator.reconcile.RetryBackoff;
import dev.keelson.operator.reconcile.StatusWriter;
import dev.keelson.operator.status.ClusterOutcome;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import dev.keelson.operator.workload.WorkloadPlacement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
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
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles a Platform: checks its spec, resolves its target clusters, and on each applies the
 * namespace-wide objects the Platform owns (the default-deny NetworkPolicy) and its Redis with its
 * workloads' ACL users; keeps the topics its workloads declare in line on its Kafka.
 */
@ControllerConfiguration(name = PlatformReconciler.NAME, fieldManager = ResourceApplier.FIELD_MANAGER, generationAwareEventProcessing = false,
    informer = @Informer(informerListLimit = OwnedResourceInformers.LIST_PAGE_SIZE, itemStore = CompactItemStore.class))
public class PlatformReconciler implements Reconciler<Platform>, Cleaner<Platform> {
  public static final String NAME = "platform";
  static final DependentSet<PlatformModel> DEPENDENTS = new DependentSet<>(List.of(new PlatformNetworkPolicyDependent()));
  /** Every kind a Platform owns on a cluster. */
  static final List<Class<? extends HasMetadata>> OWNED = owned();

  private final ClusterRegistry clusters;
  private final KafkaTopics kafkaTopics;
  private final PlatformRedis redis;
  private final PlatformMongo mongo;
  private final EventRecorder events;
  private final KeelsonSettings settings;
  private final Clock clock;
  private final RetryBackoff backoff = new RetryBackoff();
  /** Per Platform (uid): the data-service uses granted at its last reconcile, so that a holder keeps what it holds. */
  private final Map<String, Set<String>> grantedClaims = new ConcurrentHashMap<>();
  /** Per Platform (uid): the topic prefixes on their Kafkas it held at its last sync ({@link TopicPrefixClaims}). */
  private final Map<String, Set<String>> heldTopicPrefixes = new ConcurrentHashMap<>();
  private final RemoteClusterSources<Platform> remoteSources = new RemoteClusterSources<>(PlatformModel.KIND, OWNED,
      List.of(PlatformWorkloads.remoteCredentials()));


  public PlatformReconciler(ClusterRegistry clusters, KafkaTopics kafkaTopics, PlatformRedis redis, PlatformMongo mongo,
      EventRecorder events, KeelsonSettings settings, Clock clock) {
    this.settings = settings;
    this.mongo = mongo;
    this.clusters = clusters;
    this.kafkaTopics = kafkaTopics;
    this.redis = redis;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Platform>> prepareEventSources(EventSourceContext<Platform> context) {
    var sources = new ArrayList<EventSource<?, Platform>>(OwnedResourceInformers.forLocalCluster(context, PlatformModel.KIND, OWNED));
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

  private static List<Class<? extends HasMetadata>> owned() {
    var owned = new LinkedHashSet<Class<? extends HasMetadata>>(DEPENDENTS.resourceTypes());
    owned.addAll(PlatformRedis.DEPENDENTS.resourceTypes());
    owned.addAll(PlatformMongo.DEPENDENTS.resourceTypes());
    owned.add(Secret.class);
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
      StatusWriter.write(platform, next, Platform::new, context, events);
      return backoff.control(platform, false);
    }
    boolean retry = false;
    Instant renewal = null;
    clusters.retain(platform);
    var resolution = clusters.resolve(platform);
    var outcomes = new ArrayList<ClusterOutcome>();
    var redisStatuses = new ArrayList<RedisStatus>();
    var mongoStatuses = new ArrayList<MongoDbStatus>();
    var claims = PlatformWorkloads.claims(platform, context, grantedClaims.getOrDefault(platform.getMetadata().getUid(), Set.of()));
    grantedClaims.put(platform.getMetadata().getUid(), claims.granted());
    var work = new ArrayList<Supplier<ClusterResult>>();
    for (var cluster : resolution.clusters()) {
      var unconnected = remoteSources.connect(context, cluster, platform.getMetadata().getNamespace());
      if (unconnected != null) {
        var blocked = new ClusterResult(WorkloadPlacement.outcome(cluster.name(), unconnected, before(previous), generation), null, null,
            false, null);
        work.add(() -> blocked);
      } else {
        work.add(() -> {
          try {
            return reconcileOn(cluster, platform, context, PlatformWorkloads.consumers(platform, context, cluster, claims), previous, now);
          } catch (OwnedResourceInformers.InformerMissingException e) {
            // Its cache went with a replaced connection: this cluster is retried, the others stand.
            return new ClusterResult(new ClusterOutcome(cluster.name(), ApplyFailure.verdict("cluster " + cluster.name(), e), null, null),
                previous == null ? null : previous.redis(), previous == null ? null : previous.mongodb(), true, null);
          }
        });
      }
    }
    // The clusters side by side: one that is slow to answer holds up none of the others.
    for (var result : PerCluster.run(work)) {
      // A cluster found only connecting while worked on (its caches replaced meanwhile) keeps its last ready entry.
      outcomes.add(WorkloadPlacement.outcome(result.outcome().cluster(), result.outcome().verdict(), before(previous), generation));
      if (result.renewal() != null && (renewal == null || result.renewal().isBefore(renewal))) renewal = result.renewal();
      if (result.redis() != null) redisStatuses.add(result.redis());
      if (result.mongodb() != null) mongoStatuses.add(result.mongodb());
      retry |= result.retry();
    }
    for (var unusable : resolution.unusable()) {
      outcomes.add(WorkloadPlacement.outcome(unusable.name(), unusable.verdict(), before(previous), generation));
    }
    retry |= outcomes.stream().anyMatch(o -> ApplyFailure.retried(o.verdict()));
    var kafkas = kafkaSync(platform, context, now);
    retry |= kafkas.retry();
    var next = PlatformStatusFactory.reconciled(previous, generation, now, new PlatformStatusFactory.Findings(outcomes, kafkas.shared(),
        kafkas.own(), PlatformRedis.summary(redisStatuses), PlatformMongo.summary(mongoStatuses), claims.refused()));
    StatusWriter.write(platform, next, Platform::new, context, events);
    var control = backoff.control(platform, retry);
    // Come back when a certificate is to be renewed, even if nothing else happens until then.
    return retry || renewal == null ? control : control.rescheduleAfter(Duration.between(now, renewal).plusSeconds(1));
  }

  /**
   * A reconcile that threw: its words on the Platform's conditions, the data services' and clusters'
   * last statuses kept (nothing about them is known to have changed).
   */
  @Override
  public ErrorStatusUpdateControl<Platform> updateErrorStatus(Platform platform, Context<Platform> context, Exception e) {
    if (ApplyFailure.raced(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    var next = PlatformStatusFactory.failed(platform.getStatus(), platform.getMetadata().getGeneration(), clock.instant(), e);
    StatusWriter.write(platform, next, Platform::new, context, events);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The statuses of the Platform's Kafkas: the shared one (null without spec.kafka) and the clusters' own. */
  private record KafkaSync(KafkaStatus shared, List<KafkaStatus> own, boolean retry) {}

  /**
   * Keeps the topics in line on each of the Platform's Kafkas, side by side (one that does not answer
   * delays none of the others): on each, the topics of the workloads placed on the clusters using it.
   */
  private KafkaSync kafkaSync(Platform platform, Context<Platform> context, Instant now) {
    var kafkas = PlatformKafkas.all(platform);
    kafkaTopics.retain(platform, kafkas.stream().map(PlatformKafkas.PlatformKafka::bootstrapServers).toList());
    var work = new ArrayList<Supplier<KafkaTopics.Outcome>>();
    // What every Platform held at its last sync, read before this one's is replaced (another Platform may sync meanwhile).
    var heldBefore = heldTopicPrefixes.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    var held = new HashSet<String>();
    var platforms = context.getPrimaryCache().list().toList();
    for (var kafka : kafkas) {
      var declarations = PlatformWorkloads.topicDeclarations(platform, context, kafka.clusters());
      var previous = TopicReadiness.status(platform, kafka.bootstrapServers());
      var refusal = TopicPrefixClaims.refusal(platform, kafka, platforms, heldBefore);
      if (refusal.isPresent()) {
        work.add(() -> KafkaTopics.refused(kafka, Reason.KAFKA_TOPIC_PREFIX_IN_USE, refusal.get(), previous));
      } else {
        held.add(TopicPrefixClaims.key(platform, kafka));
        work.add(() -> kafkaTopics.sync(platform, kafka, previous, declarations, now));
      }
    }
    heldTopicPrefixes.put(platform.getMetadata().getUid(), held);
    var outcomes = PerCluster.run(work);
    KafkaStatus shared = null;
    var own = new ArrayList<KafkaStatus>();
    boolean retry = false;
    for (int i = 0; i < kafkas.size(); i++) {
      retry |= outcomes.get(i).retry();
      if (kafkas.get(i).shared()) {
        shared = outcomes.get(i).status();
      } else {
        own.add(outcomes.get(i).status());
      }
    }
    return new KafkaSync(shared, own, retry);
  }

  /**
   * Deleting a Platform: everything Keelson wrote for it on remote clusters is removed, its
   * workloads' objects included (data volumes per deletionPolicy); see {@link RemoteCleanup} for a
   * cluster that cannot be reached. Its topics are left as they are.
   */
  @Override
  public DeleteControl cleanup(Platform platform, Context<Platform> context) {
    grantedClaims.remove(platform.getMetadata().getUid());
    var control = RemoteCleanup.cleanup(platform, RemoteCleanup.partOf(platform), clusters.resolveForDeletion(platform), settings.deletionGracePeriod(),
        clock.instant(), events);
    if (control.isRemoveFinalizer()) {
      clusters.release(platform);
      heldTopicPrefixes.remove(platform.getMetadata().getUid());
    }
    return control;
  }

  /**
   * One cluster's outcome, its data services' statuses (null without them), whether to try again
   * soon, and when its first certificate (the CA's, Redis's, MongoDB's) is to be renewed (null without TLS).
   */
  private record ClusterResult(ClusterOutcome outcome, RedisStatus redis, MongoDbStatus mongodb, boolean retry, Instant renewal) {}

  private ClusterResult reconcileOn(TargetCluster cluster, Platform platform, Context<Platform> context,
      List<PlatformWorkloads.Consumer> consumers, PlatformStatus previous, Instant now) {
    var model = PlatformModel.resolve(platform, cluster);
    // What an early failure leaves standing: the data services' last status, never an empty one.
    var previousRedis = previous == null ? null : previous.redis();
    var previousMongo = previous == null ? null : previous.mongodb();
    var outcome = DEPENDENTS.reconcile(context, cluster, model, model.namespace());
    if (outcome.failure() != null) {
      return new ClusterResult(new ClusterOutcome(cluster.name(), outcome.failure(), null, null), previousRedis, previousMongo, false, null);
    }
    var tls = TlsSettings.of(platform);
    Instant caRenewal = null;
    if (tls != null) {
      try {
        // The CA is kept with the data (certificates it signed stay trusted); one that is gone is made anew and reissues them.
        var caMetadata = RetainedSecrets.metadata(model.metadata(TlsSettings.caSecretName(model.name())),
            platform.getSpec().deletionPolicy() == null ? DeletionPolicy.Retain : platform.getSpec().deletionPolicy());
        var ca = RetainedSecrets.align(context, cluster, CertificateSecrets.ensureCa(context, cluster, caMetadata, tls, now), caMetadata);
        caRenewal = CaRotation.renewAt(CertificateSecrets.certificate(ca), tls.renewBefore());
      } catch (KubernetesClientException e) {
        var failure = ApplyFailure.verdict("Secret " + TlsSettings.caSecretName(model.name()), e);
        return new ClusterResult(new ClusterOutcome(cluster.name(), failure, null, null), previousRedis, previousMongo, false, null);
      }
    }
    var redisResult = redis.reconcile(cluster, platform, context, consumers, previousRedis, now);
    var mongoResult = mongo.reconcile(cluster, platform, context, consumers, previousMongo, now);
    boolean retry = redisResult.retry() || mongoResult.retry();
    Verdict verdict = redisResult.verdict() != null ? redisResult.verdict() : mongoResult.verdict();
    if (verdict == null) verdict = Verdict.ready(Reason.CLUSTER_READY, cluster.local() ? "the operator's own cluster" : "cluster reachable");
    var renewal = Stream.of(caRenewal, redisResult.certificateRenewal(), mongoResult.certificateRenewal())
        .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    return new ClusterResult(new ClusterOutcome(cluster.name(), verdict, null, null), redisResult.status(), mongoResult.status(), retry,
        renewal);
  }
}
