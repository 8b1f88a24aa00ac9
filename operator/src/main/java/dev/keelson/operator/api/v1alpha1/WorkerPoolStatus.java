package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** What Keelson observed of a WorkerPool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerPoolStatus(
    @JsonPropertyDescription("The generation of the spec this status describes.") Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciled, Degraded, and kstatus's Reconciling and Stalled, each with a reason and message.") List<Condition> conditions,
    @JsonPropertyDescription("One entry per cluster the pool is placed on.") List<ClusterStatus> clusters,
    @JsonPropertyDescription("Ready clusters over placed clusters, e.g. 2/3.") String clusterSummary,
    @JsonPropertyDescription("Current workers, summed over clusters.") @StatusReplicas Integer replicas,
    @JsonPropertyDescription("Workers the last scaling decision set (its demand, bounded by the scale-up rate and the stabilization window).")
        Integer desiredReplicas,
    @JsonPropertyDescription("Total consumer lag of the group on the queue topic, in records, when it was last read.") Long lag,
    @JsonPropertyDescription("Partitions of the queue topic: the most workers that can consume at once.") Integer partitions,
    @JsonPropertyDescription("Lag of the partitions that lag most, largest first (at most "
        + WorkerPoolStatus.MAX_PARTITION_LAGS + ").") List<PartitionLag> partitionLag,
    @JsonPropertyDescription("The last scaling decision: its reason (ScaledUp, ScaledDown, Steady, Stabilizing, ScalingLimited, Manual; "
        + "or why the lag could not be read and the count is held: BrokerUnavailable, LagUnreadable, KafkaAuthenticationFailed, "
        + "KafkaAuthSecretNotFound, KafkaAuthSecretInvalid) and what it was based on.") ScalingDecision decision,
    @JsonPropertyDescription("When the worker count last changed (RFC 3339).") String lastScaleTime,
    @JsonPropertyDescription("In Lag mode, when the pool's clusters use more than one Kafka: each Kafka's consumer group, scaled on "
        + "its own lag (the totals above add them up).") List<ConsumerGroup> kafkas,
    @JsonPropertyDescription("Label selector of the workers' pods, for the scale subresource.") @LabelSelector String selector)
    implements KeelsonStatus {
  /** The partitionLag list is bounded: a topic may have thousands of partitions. */
  public static final int MAX_PARTITION_LAGS = 20;

  /** One partition's lag. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PartitionLag(
      @JsonPropertyDescription("Partition number.") Integer partition,
      @JsonPropertyDescription("Records not yet committed by the group.") Long lag) {}

  /** The pool's workers on one Kafka. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConsumerGroup(
      @JsonPropertyDescription("The Kafka's bootstrap servers.") String bootstrapServers,
      @JsonPropertyDescription("The clusters whose workers consume from it.") List<String> clusters,
      @JsonPropertyDescription("The group's lag there, in records, when it was last read.") Long lag,
      @JsonPropertyDescription("Partitions of the queue topic there.") Integer partitions,
      @JsonPropertyDescription("Workers the last scaling decision set there.") Integer desiredReplicas,
      @JsonPropertyDescription("The last scaling decision there.") ScalingDecision decision) {}

  /** Why the worker count is what it is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScalingDecision(
      @JsonPropertyDescription("CamelCase reason of the decision.") String reason,
      @JsonPropertyDescription("The decision in words, with the numbers it was based on.") String message) {}
}
