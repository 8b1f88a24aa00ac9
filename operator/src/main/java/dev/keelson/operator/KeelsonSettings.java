package dev.keelson.operator;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Duration;

/** Operator-wide settings, from application.properties or the environment. */
@Singleton
public class KeelsonSettings {
  private final String ingressControllerNamespace;
  private final String operatorNamespace;
  private final Duration deletionGracePeriod;

  @Inject
  public KeelsonSettings(
      @ConfigProperty(name = "keelson.ingress-controller.namespace", defaultValue = "ingress-nginx") String ingressControllerNamespace,
      @ConfigProperty(name = "keelson.operator.namespace", defaultValue = "keelson-system") String operatorNamespace,
      @ConfigProperty(name = "keelson.clusters.deletion-grace-period", defaultValue = "10m") Duration deletionGracePeriod) {
    this.ingressControllerNamespace = ingressControllerNamespace;
    this.operatorNamespace = operatorNamespace;
    this.deletionGracePeriod = deletionGracePeriod;
  }

  public KeelsonSettings(String ingressControllerNamespace) {
    this(ingressControllerNamespace, "keelson-system", DEFAULT_DELETION_GRACE_PERIOD);
  }

  public static final Duration DEFAULT_DELETION_GRACE_PERIOD = Duration.ofMinutes(10);

  /**
   * How long the deletion of a custom resource waits for a remote cluster it cannot reach before
   * it leaves that cluster's objects there and completes ({@code keelson.clusters.deletion-grace-period}).
   */
  public Duration deletionGracePeriod() {
    return deletionGracePeriod;
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
