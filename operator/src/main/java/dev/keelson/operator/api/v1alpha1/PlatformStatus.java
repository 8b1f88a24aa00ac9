package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What Keelson observed of a Platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlatformStatus(
    @JsonPropertyDescription("The generation of the spec this status describes.") Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciled, Degraded, and kstatus's Reconciling and Stalled, each with a reason and message.") List<Condition> conditions,
    @JsonPropertyDescription("One entry per target cluster.") List<ClusterStatus> clusters,
    @JsonPropertyDescription("Ready clusters over all clusters, e.g. 2/3.") String clusterSummary,
    @JsonPropertyDescription("The Platform's shared Kafka (spec.kafka) and the topics Keelson manages there; absent without spec.kafka.")
        KafkaStatus kafka,
    @JsonPropertyDescription("The Kafkas of clusters that have their own (overrides.kafka), one entry per Kafka, with the topics Keelson "
        + "manages on each.") List<KafkaStatus> clusterKafkas,
    @JsonPropertyDescription("The Platform's Redis and the workloads' ACL users; absent without spec.redis.") RedisStatus redis,
    @JsonPropertyDescription("The Platform's MongoDB replica set and the workloads' users; absent without spec.mongodb.") MongoDbStatus mongodb,
    @JsonPropertyDescription("Workloads refused a Redis key prefix or MongoDB database because another workload holds it; they get no "
        + "user for it until they ask for another.") List<RefusedUse> refusedUses)
    implements KeelsonStatus {}
