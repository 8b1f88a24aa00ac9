package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The Platform's MongoDB replica set; unset fields take the profile's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.members) || self.members % 2 == 1",
    message = "members must be odd (1, 3, 5 or 7) so that a majority survives the loss of a member")
public record MongoDbSpec(
    @JsonPropertyDescription("Replica-set members; default 1 for dev, 3 otherwise.") @Min(1) @Max(7) Integer members,
    @JsonPropertyDescription("Volume size of each member, e.g. 500Gi; default by profile.")
        @Pattern(ApiGroup.STORAGE_QUANTITY) String storage,
    @JsonPropertyDescription("MongoDB version as major.minor, e.g. 7.0.") @Pattern("^[0-9]+\\.[0-9]+$") String version) {}
