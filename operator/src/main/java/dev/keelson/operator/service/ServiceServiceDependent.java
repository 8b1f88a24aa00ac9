package dev.keelson.operator.service;

import dev.keelson.operator.workload.WorkloadDependent;
import dev.keelson.operator.workload.WorkloadModel;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The ClusterIP Kubernetes Service in front of a Service's pods, one port per declared port. */
public class ServiceServiceDependent extends WorkloadDependent<Service> {

  @Override
  public Class<Service> resourceType() {
    return Service.class;
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return !model.pods().ports().isEmpty();
  }

  @Override
  public Service desired(WorkloadModel model) {
    return new ServiceBuilder()
        .withMetadata(metadata(model))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(model.identity().selectorLabels())
        .withPorts(model.pods().ports().stream()
            .map(p -> new ServicePortBuilder()
                .withName(p.name())
                .withPort(p.port())
                .withTargetPort(new IntOrString(p.name()))
                .withProtocol(p.protocol() == null ? "TCP" : p.protocol().name())
                .build())
            .toList())
        .endSpec()
        .build();
  }
}
