package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/** What a WorkerPool wants. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = ApiGroup.ENV_SECRET_RULE, message = ApiGroup.ENV_SECRET_MESSAGE, fieldPath = ".env")
@ValidationRule(value = ApiGroup.ENV_CONFIG_MAP_RULE, message = ApiGroup.ENV_CONFIG_MAP_MESSAGE, fieldPath = ".env")
public record WorkerPoolSpec(
    @JsonPropertyDescription("The Platform this pool runs on; default: the only Platform in the namespace.")
        LocalObjectRef platformRef,
    @JsonPropertyDescription("Container image of the workers.") @Required @Size(min = 1, max = 512) @Pattern("^[^\\s]+$") String image,
    @JsonPropertyDescription("CPU and memory requests and limits of a worker; default by profile.") ResourceRequirements resources,
    @JsonPropertyDescription("Environment variables of the workers; they may read the team's own Secrets and ConfigMaps, not those Keelson generates.")
        @Size(max = 128) List<EnvVar> env,
    @JsonPropertyDescription("The Platform's data services the workers use.") Uses uses,
    @JsonPropertyDescription("Which of the Platform's clusters run this pool; default: all of them.") Placement placement,
    @JsonPropertyDescription("The topic the workers consume, and its retry and dead-letter topics.") @Required Queue queue,
    @JsonPropertyDescription("How the number of workers is chosen.") @Default("{}") Scaling scaling,
    @JsonPropertyDescription("Worker count in Manual mode, set by kubectl scale or an autoscaler through the scale subresource.")
        @SpecReplicas @Min(0) @Max(1000) Integer replicas,
    @JsonPropertyDescription("How workers stop.") @Default("{}") Shutdown shutdown,
    @JsonPropertyDescription("Port on which a worker serves its health endpoints; the probes call it.")
        @Default("8080") @Min(1) @Max(65535) Integer healthPort,
    @JsonPropertyDescription("Health probe paths, served on healthPort.") @Default("{}") ServiceSpec.Health health) implements WorkloadSpec {

  /** The consumed topic. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!has(self.deadLetterTopic) || (self.deadLetterTopic != self.topic && !self.deadLetterTopic.startsWith(self.topic + '.retry.'))",
      message = "queue.deadLetterTopic must differ from queue.topic and its retry topics: a record that failed every attempt would be consumed again",
      fieldPath = ".deadLetterTopic")
  public record Queue(
      @JsonPropertyDescription("Topic to consume, without the Platform's prefix.") @Required @Pattern(ApiGroup.TOPIC_NAME) String topic,
      @JsonPropertyDescription("Kafka consumer group, prefixed on Kafka like the topics (the Kafka's topicPrefix, default "
          + "'<namespace>.'); default: the pool's name.") @Pattern("^[a-zA-Z0-9._-]{1,200}$") String consumerGroup,
      @JsonPropertyDescription("Redelivery of records whose handling failed.") @Default("{}") Retry retry,
      @JsonPropertyDescription("Topic receiving records that failed every attempt; default <topic>.dlq.")
          @Pattern(ApiGroup.TOPIC_NAME) String deadLetterTopic) {}

  /** Retries through delay topics. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!has(self.backoff) || !has(self.attempts) || size(self.backoff) <= self.attempts",
      message = "retry.backoff has more delays than retry.attempts; give at most one delay per attempt")
  public record Retry(
      @JsonPropertyDescription("Attempts after the first failure before the record goes to the dead-letter topic.")
          @Default("3") @Min(0) @Max(10) Integer attempts,
      @JsonPropertyDescription("Delay before each attempt, e.g. [10s, 1m, 10m]; each delay gets a topic <topic>.retry.<delay>; the last repeats.")
          @Size(max = 10) List<@Pattern(ApiGroup.DURATION) String> backoff) {}

  /** Scaling. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
      message = "scaling.minReplicas must be less than or equal to scaling.maxReplicas")
  @ValidationRule(
      value = "!has(self.pollInterval) || !(self.pollInterval.matches('^(0+(ms|s|m|h|d))+$') || self.pollInterval.matches('^[0-9]{1,3}ms$'))",
      message = "scaling.pollInterval must be at least 1s: the lag is read from the brokers at every poll")
  public record Scaling(
      @JsonPropertyDescription("Lag: Keelson scales on consumer lag. Manual: spec.replicas (or the scale subresource) decides.")
          @Default("Lag") Mode mode,
      @JsonPropertyDescription("Fewest workers; 0 lets an idle pool scale to zero.") @Default("1") @Min(0) @Max(1000) Integer minReplicas,
      @JsonPropertyDescription("Most workers; also capped at the topic's partition count.") @Default("12") @Min(1) @Max(1000) Integer maxReplicas,
      @JsonPropertyDescription("Records of lag one worker is expected to absorb.") @Default("100") @Min(1) Integer lagPerReplica,
      @JsonPropertyDescription("How often the lag is read, e.g. 5s.") @Default("5s") @Pattern(ApiGroup.DURATION) String pollInterval,
      @JsonPropertyDescription("How long demand must stay lower before workers are removed, e.g. 300s.")
          @Default("300s") @Pattern(ApiGroup.DURATION) String scaleDownStabilization) {

    /** Who decides the worker count. */
    public enum Mode {
      Lag, Manual
    }
  }

  /** Stopping workers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Shutdown(
      @JsonPropertyDescription("Seconds a stopping worker gets to finish in-flight records and commit.")
          @Default("60") @Min(0) @Max(3600) Integer gracePeriodSeconds) {}
}
