package dev.keelson.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.RedisSpec;
import org.junit.jupiter.api.Test;

/** The profile table of ARCHITECTURE.md, which users read in the README: what each profile gives. */
class ProfileDefaultsTest {

  @Test
  void eachProfileGivesTheDocumentedDefaults() {
    assertThat(ProfileDefaults.of(Profile.dev)).isEqualTo(new ProfileDefaults(2, 2, 5, 1, "20Gi", RedisSpec.Mode.standalone, 1, "5Gi", false));
    assertThat(ProfileDefaults.of(Profile.qat)).isEqualTo(new ProfileDefaults(2, 3, 10, 3, "20Gi", RedisSpec.Mode.standalone, 1, "5Gi", false));
    assertThat(ProfileDefaults.of(Profile.uat)).isEqualTo(new ProfileDefaults(3, 5, 20, 3, "100Gi", RedisSpec.Mode.sentinel, 2, "20Gi", false));
    assertThat(ProfileDefaults.of(Profile.prod)).isEqualTo(new ProfileDefaults(5, 10, 50, 3, "500Gi", RedisSpec.Mode.sentinel, 3, "50Gi", true));
    assertThat(ProfileDefaults.of(null)).as("no profile: dev").isEqualTo(ProfileDefaults.of(Profile.dev));
  }

  @Test
  void servicesGetTheSameRequestsAndLimitsOnEveryProfile() {
    var resources = ProfileDefaults.of(Profile.prod).serviceResources();
    assertThat(resources.getRequests()).hasToString("{cpu=250m, memory=256Mi}");
    assertThat(resources.getLimits()).hasToString("{cpu=500m, memory=512Mi}");
    assertThat(ProfileDefaults.of(Profile.dev).serviceResources()).isEqualTo(resources);
  }
}
