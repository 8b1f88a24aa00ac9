package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference by name to an object in the custom resource's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalObjectRef(
    @JsonPropertyDescription("Name of the object, in the same namespace.")
        @Required @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String name) {}
