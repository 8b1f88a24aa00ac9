package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What Keelson last saw of the Platform's Redis and the ACL users it manages there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RedisStatus(
    @JsonPropertyDescription("True when every Redis instance answered and holds every workload's ACL user.") Boolean ready,
    @JsonPropertyDescription("CamelCase reason, e.g. UsersReady or RedisUnavailable.") String reason,
    @JsonPropertyDescription("Redis's state in words.") String message,
    @JsonPropertyDescription("Workloads' ACL users Keelson keeps on each instance.") Integer users,
    @JsonPropertyDescription("When Redis's state as shown here was first seen (RFC 3339).") String lastSyncTime) {}
