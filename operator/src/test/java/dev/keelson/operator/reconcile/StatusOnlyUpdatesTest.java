package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatusOnlyUpdatesTest {
  final StatusOnlyUpdates filter = new StatusOnlyUpdates();

  static KeelsonService service(Consumer<ObjectMetaBuilder> change) {
    var metadata = new ObjectMetaBuilder().withName("orders").withNamespace("shop").withGeneration(2L).withResourceVersion("10")
        .withLabels(Map.of("team", "orders")).withFinalizers(List.of("services.platform.keelson.dev/finalizer"));
    change.accept(metadata);
    var service = new KeelsonService();
    service.setMetadata(metadata.build());
    return service;
  }

  @Test
  void aStatusWriteComingBackIsDropped() {
    assertThat(filter.accept(service(m -> m.withResourceVersion("11")), service(m -> {}))).isFalse();
  }

  @Test
  void everyChangeAUserOrToolMakesIsKept() {
    var before = service(m -> {});
    assertThat(filter.accept(service(m -> m.withGeneration(3L)), before)).as("spec").isTrue();
    assertThat(filter.accept(service(m -> m.withAnnotations(Map.of(ApiGroupPaused.KEY, "true"))), before)).as("paused").isTrue();
    assertThat(filter.accept(service(m -> m.withLabels(Map.of("team", "payments"))), before)).as("labels").isTrue();
    assertThat(filter.accept(service(m -> m.withFinalizers(List.of())), before)).as("finalizers").isTrue();
    assertThat(filter.accept(service(m -> m.withDeletionTimestamp("2026-12-01T10:00:00Z")), before)).as("deletion").isTrue();
  }

  /** The annotation that pauses a workload. */
  static final class ApiGroupPaused {
    static final String KEY = dev.keelson.operator.api.v1alpha1.ApiGroup.PAUSED_ANNOTATION;
  }
}
