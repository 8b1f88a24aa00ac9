package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/** What a Service wants. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// CEL rules sit on the record, not its components (see PlatformSpec).
@ValidationRule(
    value = "!has(self.ports) || self.ports.all(p, self.ports.exists_one(q, q.name == p.name))",
    message = "port names must be unique", fieldPath = ".ports")
@ValidationRule(
    value = "!has(self.ports) || self.ports.all(p, self.ports.exists_one(q, q.port == p.port))",
    message = "port numbers must be unique", fieldPath = ".ports")
@ValidationRule(
    value = "!has(self.expose) || (has(self.ports) && size(self.ports) > 0)",
    message = "expose needs at least one port to route to; add spec.ports", fieldPath = ".expose")
@ValidationRule(
    value = "!has(self.config) || self.config.all(k, k.matches('^[-._a-zA-Z0-9]+$'))",
    message = "config keys may only contain letters, digits, '-', '_' and '.'", fieldPath = ".config")
@ValidationRule(value = ApiGroup.ENV_SECRET_RULE, message = ApiGroup.ENV_SECRET_MESSAGE, fieldPath = ".env")
@ValidationRule(value = ApiGroup.ENV_CONFIG_MAP_RULE, message = ApiGroup.ENV_CONFIG_MAP_MESSAGE, fieldPath = ".env")
public record ServiceSpec(
    @JsonPropertyDescription("The Platform this Service runs on; default: the only Platform in the namespace.")
        LocalObjectRef platformRef,
    @JsonPropertyDescription("Container image, e.g. quay.io/keelson/order-service:0.1.0.")
        @Required @Size(min = 1, max = 512) @Pattern("^[^\\s]+$") String image,
    @JsonPropertyDescription("Ports the container listens on; each becomes a port of the Kubernetes Service.")
        @Size(max = 16) List<ServicePort> ports,
    @JsonPropertyDescription("Number of pods; default by profile. Ignored when autoscaling is set.")
        @Min(0) @Max(1000) Integer replicas,
    @JsonPropertyDescription("Horizontal autoscaling on CPU and memory; when set, the autoscaler owns the replica count.")
        Autoscaling autoscaling,
    @JsonPropertyDescription("CPU and memory requests and limits of the container; default by profile.")
        ResourceRequirements resources,
    @JsonPropertyDescription("Environment variables of the container; they may read the team's own Secrets and ConfigMaps, not those Keelson generates.")
        @Size(max = 128) List<EnvVar> env,
    @JsonPropertyDescription("Configuration entries; they become a ConfigMap mounted at /config, and a change rolls the pods.")
        @Size(max = 256) Map<String, String> config,
    @JsonPropertyDescription("HTTP paths of the health probes.") @Default("{}") Health health,
    @JsonPropertyDescription("Make the Service reachable from outside the cluster through an Ingress.") Expose expose,
    @JsonPropertyDescription("The Platform's data services this Service uses; it gets credentials for exactly these.") Uses uses,
    @JsonPropertyDescription("Names of the Services allowed to call this one (NetworkPolicy).")
        @Size(max = 64) List<@Pattern(ApiGroup.DNS_LABEL) String> allowFrom,
    @JsonPropertyDescription("Which of the Platform's clusters run this Service; default: all of them.") Placement placement,
    @JsonPropertyDescription("How a new version replaces the old one.") @Default("{}") Rollout rollout,
    @JsonPropertyDescription("Mount the ServiceAccount token into the pods (only for Services that call the Kubernetes API).")
        @Default("false") Boolean automountServiceAccountToken) implements WorkloadSpec {

  /** A named container port. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServicePort(
      @JsonPropertyDescription("Port name (at most 15 characters, lowercase letters, digits and '-'), e.g. http.")
          @Required @Size(max = 15) @Pattern(ApiGroup.DNS_LABEL) String name,
      @JsonPropertyDescription("Port number, 1-65535.") @Required @Min(1) @Max(65535) Integer port,
      @JsonPropertyDescription("TCP or UDP.") @Default("TCP") Protocol protocol) {}

  /** Transport protocol of a port. */
  public enum Protocol {
    TCP, UDP
  }

  /** Horizontal autoscaling. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
      message = "autoscaling.minReplicas must be less than or equal to autoscaling.maxReplicas")
  public record Autoscaling(
      @JsonPropertyDescription("Fewest pods; default by profile.") @Min(1) @Max(1000) Integer minReplicas,
      @JsonPropertyDescription("Most pods; default by profile.") @Min(1) @Max(1000) Integer maxReplicas,
      @JsonPropertyDescription("Average CPU use, in percent of the request, that the autoscaler aims for.")
          @Default("70") @Min(1) @Max(100) Integer targetCPUUtilizationPercentage,
      @JsonPropertyDescription("Average memory use, in percent of the request, that the autoscaler aims for; none when unset.")
          @Min(1) @Max(100) Integer targetMemoryUtilizationPercentage) {}

  /** Health probe paths. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Health(
      @JsonPropertyDescription("Path of the liveness probe.") @Default("/health/live") @Pattern("^/.*$") String livenessPath,
      @JsonPropertyDescription("Path of the readiness probe.") @Default("/health/ready") @Pattern("^/.*$") String readinessPath,
      @JsonPropertyDescription("Path of the startup probe; default: the liveness path.") @Pattern("^/.*$") String startupPath) {}

  /** Exposure through an Ingress. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = Expose.TLS_SECRET_RULE, message = "expose.tlsSecretName may not name a Secret Keelson generates "
      + "(names ending in -ca, -redis-tls, -mongodb-tls, -redis-auth, -mongodb-admin, -mongodb-keyfile, -credentials or -binding)",
      fieldPath = ".tlsSecretName")
  public record Expose(
      @JsonPropertyDescription("Host name, e.g. shop.example.com.")
          @Required @Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$") String host,
      @JsonPropertyDescription("Path prefix routed to this Service.") @Default("/") @Pattern("^/.*$") String path,
      @JsonPropertyDescription("Secret holding the TLS certificate for the host; plain HTTP when unset. Not one Keelson generates.")
          @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") @Size(max = 253) String tlsSecretName,
      @JsonPropertyDescription("Requests per minute each client may make, enforced by the ingress controller.") RateLimit rateLimit) {
    static final String TLS_SECRET_RULE = "!has(self.tlsSecretName) || !["
        + "'-ca', '-redis-tls', '-mongodb-tls', '-redis-auth', '-mongodb-admin', '-mongodb-keyfile', '-credentials', '-binding'"
        + "].exists(s, self.tlsSecretName.endsWith(s))";
  }

  /** A per-client rate limit. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RateLimit(
      @JsonPropertyDescription("Requests per minute per client IP.") @Required @Min(1) @Max(1000000) Integer requestsPerMinute) {}

  /** The rolling update. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!has(self.maxSurge) || (type(self.maxSurge) == int ? int(self.maxSurge) >= 0 : string(self.maxSurge).matches('^[0-9]{1,9}%$'))",
      message = "rollout.maxSurge must be a number of pods (e.g. 1) or a percentage (e.g. 25%)", fieldPath = ".maxSurge")
  @ValidationRule(value = "!has(self.maxUnavailable) || (type(self.maxUnavailable) == int ? int(self.maxUnavailable) >= 0"
      + " : string(self.maxUnavailable).matches('^(100|[1-9]?[0-9])%$'))",
      message = "rollout.maxUnavailable must be a number of pods (e.g. 1) or a percentage up to 100% (e.g. 25%)", fieldPath = ".maxUnavailable")
  @ValidationRule(value = "!has(self.maxSurge) || !has(self.maxUnavailable)"
      + " || !(string(self.maxSurge).matches('^0+%?$') && string(self.maxUnavailable).matches('^0+%?$'))",
      message = "rollout.maxSurge and rollout.maxUnavailable cannot both be 0: a rollout could then neither add a new pod nor stop an old one")
  public record Rollout(
      @JsonPropertyDescription("Pods created above the desired count during a rollout: a number or a percentage.")
          @Default("25%") IntOrString maxSurge,
      @JsonPropertyDescription("Pods that may be unavailable during a rollout: a number or a percentage.")
          @Default("0") IntOrString maxUnavailable) {}
}
