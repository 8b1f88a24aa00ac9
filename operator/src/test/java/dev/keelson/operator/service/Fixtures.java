package dev.keelson.operator.service;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.api.v1alpha1.Profile;
import dev.keelson.operator.api.v1alpha1.ServiceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Custom resources the reconciler tests start from. */
final class Fixtures {
  private Fixtures() {}

  static Platform platform(String namespace, String name) {
    var platform = new Platform();
    platform.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    platform.setSpec(new PlatformSpec(Profile.dev, null, null, null, null, null, null));
    return platform;
  }

  static KeelsonService service(String namespace, String name) {
    var service = new KeelsonService();
    service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    service.setSpec(new ServiceSpec(null, "quay.io/keelson/order-service:0.1.0",
        List.of(new ServiceSpec.ServicePort("http", 8080, null)),
        null, null, null, null, null, null, null, null, null, null, null, null));
    return service;
  }
}
