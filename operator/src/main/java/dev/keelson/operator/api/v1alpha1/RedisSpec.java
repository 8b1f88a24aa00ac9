package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The Platform's Redis; unset fields take the profile's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.mode) || self.mode != 'standalone' || !has(self.replicas) || self.replicas == 1",
    message = "standalone Redis runs exactly one instance; use mode: sentinel for replicas > 1")
public record RedisSpec(
    @JsonPropertyDescription("standalone (one instance) or sentinel (replicated, with three Sentinels); default by profile.")
        Mode mode,
    @JsonPropertyDescription("Number of Redis instances; default by profile.") @Min(1) @Max(9) Integer replicas,
    @JsonPropertyDescription("Volume size of each instance, e.g. 50Gi; default by profile.")
        @Pattern(ApiGroup.STORAGE_QUANTITY) String storage,
    @JsonPropertyDescription("Redis version as major.minor, e.g. 7.2.") @Pattern("^[0-9]+\\.[0-9]+$") String version) {

  /** How Redis is run. */
  public enum Mode {
    standalone, sentinel
  }
}
