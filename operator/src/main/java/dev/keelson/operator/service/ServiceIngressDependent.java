package dev.keelson.operator.service;

import dev.keelson.operator.workload.WorkloadDependent;
import dev.keelson.operator.workload.WorkloadModel;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Ingress of an exposed Service: its host and path, the TLS secret, the cluster's ingress
 * class, and the rate limit as NGINX ingress annotations.
 */
public class ServiceIngressDependent extends WorkloadDependent<Ingress> {
  static final String NGINX_LIMIT_RPM = "nginx.ingress.kubernetes.io/limit-rpm";

  @Override
  public Class<Ingress> resourceType() {
    return Ingress.class;
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return model.exposure().expose() != null && !model.pods().ports().isEmpty();
  }

  @Override
  public Ingress desired(WorkloadModel model) {
    var expose = model.exposure().expose();
    var metadata = metadata(model);
    if (expose.rateLimit() != null) {
      metadata.setAnnotations(Map.of(NGINX_LIMIT_RPM, String.valueOf(expose.rateLimit().requestsPerMinute())));
    }
    return new IngressBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withIngressClassName(model.exposure().ingressClassName())
        .withTls(expose.tlsSecretName() == null ? List.of()
            : List.of(new IngressTLSBuilder().withHosts(expose.host()).withSecretName(expose.tlsSecretName()).build()))
        .addNewRule()
        .withHost(expose.host())
        .withNewHttp()
        .addNewPath()
        .withPath(expose.path() == null ? "/" : expose.path())
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService().withName(model.identity().name())
        .withNewPort().withName(model.pods().ports().get(0).name()).endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }
}
