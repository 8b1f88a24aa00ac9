package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the custom resource's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretKeyRef(
    @JsonPropertyDescription("Name of the Secret, in the same namespace.")
        @Required @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String name,
    @JsonPropertyDescription("Key inside the Secret.")
        @Default("kubeconfig") @Pattern("^[-._a-zA-Z0-9]+$") String key) {}
