package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What a Platform wants. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// CEL rules sit on the record, not its components: a component's annotation reaches both the
// field and the accessor, and the generator would emit the rule twice.
@ValidationRule(
    value = "!has(self.clusters) || self.clusters.all(c, self.clusters.exists_one(d, d.name == c.name))",
    message = "cluster names must be unique within the Platform", fieldPath = ".clusters")
@ValidationRule(
    value = "!has(self.clusters) || self.clusters.filter(c, has(c.inCluster) && c.inCluster).size() <= 1",
    message = "only one cluster can be the operator's own (inCluster: true)", fieldPath = ".clusters")
public record PlatformSpec(
    @JsonPropertyDescription("dev, qat, uat or prod: chooses the defaults of replicas, autoscaling ranges, resources and data-service sizes.")
        @Default("dev") Profile profile,
    @JsonPropertyDescription("Target clusters; empty: the operator's own cluster.")
        @Size(max = 32) List<ClusterTarget> clusters,
    @JsonPropertyDescription("The external Kafka whose topics Keelson manages for the workloads.") KafkaSpec kafka,
    @JsonPropertyDescription("Redis for caches, sessions and rate limits.") RedisSpec redis,
    @JsonPropertyDescription("The MongoDB replica set.") MongoDbSpec mongodb,
    @JsonPropertyDescription("Network policies and the internal certificate authority.") SecuritySpec security,
    @JsonPropertyDescription("What happens to data (volumes, topics, databases) when it is no longer declared: Retain keeps it, Delete removes it.")
        @Default("Retain") DeletionPolicy deletionPolicy) {}
