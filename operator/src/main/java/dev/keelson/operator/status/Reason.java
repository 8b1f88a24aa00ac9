package dev.keelson.operator.status;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every reason Keelson writes, in a condition, a status or an Event, with what follows from it:
 * the type of the Event that reports it, whether a reconcile that ends with it is retried with
 * backoff (its cause is not seen by the owner's informers), and whether it means Stalled (no
 * progress without a change by the user or the platform team). Decisions read these, never the
 * reason's text.
 */
public enum Reason {
  // Ready (and the Reconciled and Degraded conditions' reasons when all is well)
  APPLIED("Applied", Trait.READY),
  AS_EXPECTED("AsExpected", Trait.READY),
  AVAILABLE("Available", Trait.READY),
  CLUSTER_READY("ClusterReady", Trait.READY),
  USERS_READY("UsersReady", Trait.READY),
  REPLICA_SET_READY("ReplicaSetReady", Trait.READY),
  TOPIC_READY("TopicReady", Trait.READY),
  TOPICS_READY("TopicsReady", Trait.READY),

  // Work under way
  DEPLOYMENT_PROGRESSING("DeploymentProgressing", Trait.PROGRESS),
  REDIS_STARTING("RedisStarting"),
  MEMBERS_CHANGING("MembersChanging"),
  TOPICS_PENDING("TopicsPending"),
  REDIS_PENDING("RedisPending"),
  MONGO_DB_PENDING("MongoDBPending"),
  CERTIFICATE_AUTHORITY_PENDING("CertificateAuthorityPending"),
  CLUSTER_CONNECTING("ClusterConnecting", Trait.RETRIED),
  PLATFORM_DELETING("PlatformDeleting"),
  PLATFORM_NOT_FOUND("PlatformNotFound"),
  ORPHANED_ON_CLUSTERS("OrphanedOnClusters"),
  PAUSED("Paused"),

  // Something the environment has to recover from: retried, never stalled
  APPLY_FAILED("ApplyFailed", Trait.RETRIED),
  RECONCILE_FAILED("ReconcileFailed"),
  CLUSTER_UNREACHABLE("ClusterUnreachable"),
  CLUSTER_WATCH_FAILED("ClusterWatchFailed", Trait.RETRIED),

  REDIS_UNAVAILABLE("RedisUnavailable"),
  MONGO_DB_UNAVAILABLE("MongoDbUnavailable"),
  KAFKA_UNAVAILABLE("KafkaUnavailable"),
  BROKER_UNAVAILABLE("BrokerUnavailable"),
  LAG_UNREADABLE("LagUnreadable"),
  CONSUMER_GROUP_NOT_CARRIED_OVER("ConsumerGroupNotCarriedOver", Trait.RETRIED),

  // What a user has to change
  INVALID_SPEC("InvalidSpec", Trait.STALLED),
  INVALID_KUBECONFIG("InvalidKubeconfig", Trait.STALLED),
  UNKNOWN_CLUSTER("UnknownCluster", Trait.STALLED),
  NOT_PLACED("NotPlaced", Trait.STALLED),
  PLATFORM_AMBIGUOUS("PlatformAmbiguous", Trait.STALLED),
  RESERVED_NAME("ReservedName", Trait.STALLED),
  FORBIDDEN_SECRET_REFERENCE("ForbiddenSecretReference", Trait.STALLED),
  SECRET_NOT_ALLOWED("SecretNotAllowed", Trait.STALLED, Trait.RETRIED),
  NAME_CONFLICT("NameConflict", Trait.STALLED, Trait.RETRIED),
  DATA_CREDENTIALS_MISSING("DataCredentialsMissing", Trait.STALLED, Trait.RETRIED),
  REDIS_NOT_PROVIDED("RedisNotProvided", Trait.STALLED),
  MONGO_DB_NOT_PROVIDED("MongoDbNotProvided", Trait.STALLED),
  KAFKA_NOT_PROVIDED("KafkaNotProvided", Trait.STALLED),
  REDIS_KEY_PREFIX_IN_USE("RedisKeyPrefixInUse", Trait.STALLED),
  MONGO_DB_DATABASE_IN_USE("MongoDbDatabaseInUse", Trait.STALLED),
  MEMBER_CHANGE_REFUSED("MemberChangeRefused", Trait.STALLED),
  KAFKA_TOPIC_PREFIX_IN_USE("KafkaTopicPrefixInUse", Trait.STALLED),
  KAFKA_AUTH_SECRET_NOT_FOUND("KafkaAuthSecretNotFound", Trait.STALLED),
  KAFKA_AUTH_SECRET_INVALID("KafkaAuthSecretInvalid", Trait.STALLED),
  KAFKA_AUTHENTICATION_FAILED("KafkaAuthenticationFailed", Trait.STALLED),
  KAFKA_DESCRIBE_REFUSED("KafkaDescribeRefused", Trait.STALLED),
  TOPICS_NOT_AS_DECLARED("TopicsNotAsDeclared", Trait.STALLED),
  PARTITION_DECREASE_REFUSED("PartitionDecreaseRefused", Trait.STALLED),
  REPLICATION_FACTOR_IMMUTABLE("ReplicationFactorImmutable", Trait.STALLED),
  TOPIC_REFUSED_BY_KAFKA("TopicRefusedByKafka", Trait.STALLED),
  /** A rollout past its progress deadline (an image that does not pull, pods that never get ready): as kstatus reads the Deployment, Failed. */
  DEPLOYMENT_UNAVAILABLE("DeploymentUnavailable", Trait.STALLED),

  // A WorkerPool's scaling decisions, and what Keelson did beyond applying a spec
  MANUAL("Manual", Trait.PROGRESS),
  SCALED_UP("ScaledUp", Trait.PROGRESS),
  SCALED_DOWN("ScaledDown", Trait.PROGRESS),
  STEADY("Steady", Trait.PROGRESS),
  STABILIZING("Stabilizing", Trait.PROGRESS),
  SCALING_LIMITED("ScalingLimited", Trait.PROGRESS),
  CONSUMER_GROUP_CARRIED_OVER("ConsumerGroupCarriedOver", Trait.PROGRESS),
  CERTIFICATE_RENEWED("CertificateRenewed", Trait.PROGRESS);

  /** What a reason says beside its name. */
  private enum Trait {
    /** The object is ready. */
    READY,
    /** A normal step of the work: reported as a Normal Event even while not ready. */
    PROGRESS,
    /** A reconcile that ends with it is retried with backoff. */
    RETRIED,
    /** No progress without a change by the user or the platform team. */
    STALLED
  }

  private static final Map<String, Reason> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(Reason::toString, Function.identity()));

  private final String name;
  private final Set<Trait> traits;

  Reason(String name, Trait... traits) {
    this.name = name;
    this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.copyOf(Arrays.asList(traits));
  }

  /** The reason as written: CamelCase, as Kubernetes conditions and Events spell reasons. */
  @Override
  public String toString() {
    return name;
  }

  /**
   * The reason written as {@code name}, as read back from a status Keelson wrote.
   *
   * @throws IllegalArgumentException for a name Keelson never writes
   */
  public static Reason named(String name) {
    var reason = BY_NAME.get(name);
    if (reason == null) throw new IllegalArgumentException("Keelson writes no reason named " + name);
    return reason;
  }

  /** The type of the Event reporting it: Normal when ready or a normal step, else Warning. */
  public String eventType() {
    return traits.contains(Trait.READY) || traits.contains(Trait.PROGRESS) ? "Normal" : "Warning";
  }

  /** Whether a reconcile that ends with it is retried with backoff: its cause is not seen by the owner's informers. */
  public boolean retried() {
    return traits.contains(Trait.RETRIED);
  }

  /** Whether it means Stalled: nothing progresses until the user or the platform team changes something. */
  public boolean stalled() {
    return traits.contains(Trait.STALLED);
  }
}
