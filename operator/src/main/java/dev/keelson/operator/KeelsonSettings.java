package dev.keelson.operator;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Operator-wide settings, from application.properties or the environment. */
@Singleton
public class KeelsonSettings {
  private final String ingressControllerNamespace;
  private final String operatorNamespace;

  @Inject
  public KeelsonSettings(
      @ConfigProperty(name = "keelson.ingress-controller.namespace", defaultValue = "ingress-nginx") String ingressControllerNamespace,
      @ConfigProperty(name = "keelson.operator.namespace", defaultValue = "keelson-system") String operatorNamespace) {
    this.ingressControllerNamespace = ingressControllerNamespace;
    this.operatorNamespace = operatorNamespace;
  }

  public KeelsonSettings(String ingressControllerNamespace) {
    this(ingressControllerNamespace, "keelson-system");
  }

  /** Namespace the operator runs in: its pods are admitted to the data services it manages. */
  public String operatorNamespace() {
    return operatorNamespace;
  }

  /** Namespace of the ingress controller, admitted by the NetworkPolicy of every exposed Service. */
  public String ingressControllerNamespace() {
    return ingressControllerNamespace;
  }
}
