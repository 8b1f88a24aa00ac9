package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What Keelson last saw of the Platform's MongoDB replica set and the workloads' users. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MongoDbStatus(
    @JsonPropertyDescription("True when the replica set has its wanted members, a primary, and every workload's user.") Boolean ready,
    @JsonPropertyDescription("CamelCase reason, e.g. ReplicaSetReady, MembersChanging, MemberChangeRefused or MongoDbUnavailable.")
        String reason,
    @JsonPropertyDescription("The replica set's state in words.") String message,
    @JsonPropertyDescription("Members in the replica set's configuration.") Integer members,
    @JsonPropertyDescription("The primary's host:port.") String primary,
    @JsonPropertyDescription("Workloads' users Keelson keeps.") Integer users,
    @JsonPropertyDescription("When the state as shown here was first seen (RFC 3339).") String lastSyncTime) {}
