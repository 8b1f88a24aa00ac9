package dev.keelson.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.Profile;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkloadModelTest {
  private static final String PASSWORD = "s3cret-password";

  @Test
  void printingTheModelOrItsPartsShowsNoCredential() {
    var model = new WorkloadModel(
        new WorkloadIdentity(WorkloadKind.Service, "orders", "shop", "shop", Profile.dev, "local", List.of()),
        new WorkloadPods("orders:1", null, null, List.of(new EnvVarBuilder().withName("DB_PASSWORD").withValue(PASSWORD).build()),
            null, null, false, 30, false, null),
        WorkloadExposure.NONE,
        new WorkloadDataAccess(null, true, false, true, new TreeMap<>(Map.of("redis/password", PASSWORD)), null),
        new WorkloadScaling(1, 1, null, null));

    assertThat(model.toString()).contains("shop/orders on local", "redis/password").doesNotContain(PASSWORD);
    assertThat(model.dataAccess().toString()).contains("redis/password").doesNotContain(PASSWORD);
    assertThat(model.pods().toString()).contains("DB_PASSWORD").doesNotContain(PASSWORD);
  }
}
