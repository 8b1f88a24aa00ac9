package dev.keelson.operator.pki;

import dev.keelson.operator.api.v1alpha1.Durations;
import dev.keelson.operator.api.v1alpha1.Platform;
import java.time.Duration;

/** A Platform's TLS settings, defaults filled in; null when the Platform issues no certificates. */
public record TlsSettings(Duration caValidity, Duration certValidity, Duration renewBefore) {

  public static TlsSettings of(Platform platform) {
    var spec = platform.getSpec();
    var tls = spec == null || spec.security() == null ? null : spec.security().tls();
    if (tls == null || Boolean.FALSE.equals(tls.enabled())) return null;
    return new TlsSettings(Durations.parse(or(tls.caValidity(), "365d")), Durations.parse(or(tls.certValidity(), "90d")),
        Durations.parse(or(tls.renewBefore(), "30d")));
  }

  /** Name of the Secret holding the Platform's CA. */
  public static String caSecretName(String platform) {
    return platform + "-ca";
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
