package dev.keelson.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Security defaults of the Platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecuritySpec(
    @JsonPropertyDescription("DefaultDeny: a deny-all NetworkPolicy in the namespace, and each workload admits only what it declares. None: no policies.")
        @Default("DefaultDeny") NetworkPolicyMode networkPolicy,
    @JsonPropertyDescription("The Platform's internal certificate authority and the certificates it issues.")
        TlsSpec tls,
    @JsonPropertyDescription("A stricter rule for the Secrets workloads read through env: only those carrying all of these labels "
        + "(on the cluster the workload runs on), e.g. {keelson.dev/workload-readable: \"true\"}. Unset: any Secret but those "
        + "Keelson generates and those the Platform references.")
        WorkloadSecrets workloadSecrets,
    @JsonPropertyDescription("The namespace of the Prometheus that scrapes the workloads, e.g. monitoring: under DefaultDeny, each "
        + "workload's NetworkPolicy admits pods of that namespace on its first port (where its health and /q/metrics are served). "
        + "Unset: no scraping is admitted.")
        @Pattern(ApiGroup.DNS_LABEL) @Size(max = 63) String monitoringNamespace) {

  public SecuritySpec(NetworkPolicyMode networkPolicy, TlsSpec tls) {
    this(networkPolicy, tls, null, null);
  }

  /** Which Secrets workloads may read through env. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkloadSecrets(
      @JsonPropertyDescription("Labels a Secret must carry, every one of them, for a workload's env to read it.")
          @Required @Size(min = 1, max = 16) Map<String, String> matchLabels) {}

  /** Whether Keelson writes NetworkPolicies. */
  public enum NetworkPolicyMode {
    DefaultDeny, None
  }

  /** The internal CA. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TlsSpec(
      @JsonPropertyDescription("Run the internal CA: each Service gets a certificate for its DNS names in <name>-tls, mounted at /tls with the CAs to trust.")
          @Default("true") Boolean enabled,
      @JsonPropertyDescription("Validity of the CA certificate, e.g. 365d.") @Default("365d") @Pattern(ApiGroup.DURATION) String caValidity,
      @JsonPropertyDescription("Validity of issued certificates, e.g. 90d.") @Default("90d") @Pattern(ApiGroup.DURATION) String certValidity,
      @JsonPropertyDescription("How long before expiry a certificate is renewed, e.g. 30d.")
          @Default("30d") @Pattern(ApiGroup.DURATION) String renewBefore) {}
}
