package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class InputArrivalsTest {
  static KeelsonService service(long generation, String resourceVersion) {
    var service = new KeelsonService();
    service.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").withGeneration(generation)
        .withResourceVersion(resourceVersion).build());
    return service;
  }

  @Test
  void createdAndChangedCustomResourcesCountAsInputAndAStatusWriteIsDropped() {
    var added = new InputArrivals.Added();
    var updated = new InputArrivals.Updated();
    for (int i = 0; i < 60; i++) assertThat(added.accept(service(1, "1"))).isTrue();
    for (int i = 0; i < 60; i++) assertThat(updated.accept(service(2, "2"), service(1, "1"))).isTrue();
    // 120 arrivals, split across a second boundary at worst: the fuller bucket holds at least half.
    assertThat(InputRate.SHARED.perSecond()).isGreaterThanOrEqualTo(60);
    assertThat(updated.accept(service(2, "3"), service(2, "2"))).as("only the status changed").isFalse();
  }
}
