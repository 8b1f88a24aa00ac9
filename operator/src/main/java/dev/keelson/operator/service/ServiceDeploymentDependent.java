package dev.keelson.operator.service;

import dev.keelson.operator.api.v1alpha1.ServiceSpec.ServicePort;
import dev.keelson.operator.reconcile.KubernetesDependent;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;

/**
 * The Deployment running a Service's pods: Pod Security "restricted", probes on the health
 * paths, the rolling-update settings, and no {@code replicas} when an autoscaler owns them.
 */
public class ServiceDeploymentDependent implements KubernetesDependent<ServiceModel, Deployment> {
  static final String CONTAINER = "app";
  static final long TERMINATION_GRACE_SECONDS = 30;

  @Override
  public Class<Deployment> resourceType() {
    return Deployment.class;
  }

  @Override
  public Deployment desired(ServiceModel model) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(model.name())
        .withNamespace(model.namespace())
        .withLabels(model.labels())
        .withOwnerReferences(model.ownerReferences())
        .endMetadata()
        .withNewSpec()
        .withReplicas(model.replicas())
        .withNewSelector().withMatchLabels(model.selectorLabels()).endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(model.rollout().maxSurge())
        .withMaxUnavailable(model.rollout().maxUnavailable())
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata().withLabels(model.labels()).endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(model.automountServiceAccountToken())
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(model))
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(ServiceModel model) {
    var builder = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(model.image())
        .withPorts(model.ports().stream().map(ServiceDeploymentDependent::containerPort).toList())
        .withEnv(model.env())
        .withResources(model.resources())
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop(List.of("ALL")).endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
    if (!model.ports().isEmpty()) {
      var port = model.ports().get(0).name();
      var health = model.health();
      builder
          .withLivenessProbe(httpProbe(health.livenessPath(), port, 3))
          .withReadinessProbe(httpProbe(health.readinessPath(), port, 3))
          .withStartupProbe(httpProbe(health.startupPath() != null ? health.startupPath() : health.livenessPath(), port, 30));
    }
    return builder.build();
  }

  private static ContainerPort containerPort(ServicePort port) {
    return new ContainerPortBuilder()
        .withName(port.name())
        .withContainerPort(port.port())
        .withProtocol(port.protocol() == null ? "TCP" : port.protocol().name())
        .build();
  }

  private static Probe httpProbe(String path, String port, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
