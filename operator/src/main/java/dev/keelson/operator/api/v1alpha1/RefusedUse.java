package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A workload's use of a data service that the Platform refused: another workload holds what it asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefusedUse(
    @JsonPropertyDescription("Service or WorkerPool.") String kind,
    @JsonPropertyDescription("The workload's name.") String name,
    @JsonPropertyDescription("redis or mongodb.") String dataService,
    @JsonPropertyDescription("CamelCase reason, e.g. RedisKeyPrefixInUse.") String reason,
    @JsonPropertyDescription("What the workload asked for, who holds it, and what to do.") String message) {}
