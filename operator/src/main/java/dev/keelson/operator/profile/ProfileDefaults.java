package dev.keelson.operator.profile;

import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.RedisSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * What a Platform's profile (dev, qat, uat, prod) gives a workload or data service that does not
 * say otherwise; the README's profile table shows the same values.
 */
public record ProfileDefaults(
    int serviceReplicas,
    int hpaMinReplicas,
    int hpaMaxReplicas,
    int mongoMembers,
    String mongoStorage,
    RedisSpec.Mode redisMode,
    int redisReplicas,
    String redisStorage,
    boolean highAvailability) {

  public static ProfileDefaults of(Profile profile) {
    return switch (profile == null ? Profile.dev : profile) {
      case dev -> new ProfileDefaults(2, 2, 5, 1, "20Gi", RedisSpec.Mode.standalone, 1, "5Gi", false);
      case qat -> new ProfileDefaults(2, 3, 10, 3, "20Gi", RedisSpec.Mode.standalone, 1, "5Gi", false);
      case uat -> new ProfileDefaults(3, 5, 20, 3, "100Gi", RedisSpec.Mode.sentinel, 2, "20Gi", false);
      case prod -> new ProfileDefaults(5, 10, 50, 3, "500Gi", RedisSpec.Mode.sentinel, 3, "50Gi", true);
    };
  }

  /** Requests 250m CPU / 256Mi, limits 500m / 512Mi: the same on every profile. */
  public ResourceRequirements serviceResources() {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("250m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("cpu", new Quantity("500m"))
        .addToLimits("memory", new Quantity("512Mi"))
        .build();
  }
}
