package dev.keelson.operator;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Operator-wide settings, from application.properties or the environment. */
@Singleton
public class KeelsonSettings {
  private final String ingressControllerNamespace;

  @Inject
  public KeelsonSettings(
      @ConfigProperty(name = "keelson.ingress-controller.namespace", defaultValue = "ingress-nginx") String ingressControllerNamespace) {
    this.ingressControllerNamespace = ingressControllerNamespace;
  }

  /** Namespace of the ingress controller, admitted by the NetworkPolicy of every exposed Service. */
  public String ingressControllerNamespace() {
    return ingressControllerNamespace;
  }
}
