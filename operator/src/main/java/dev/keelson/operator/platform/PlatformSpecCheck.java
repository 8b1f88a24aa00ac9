package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.Durations;
import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.kafka.PlatformKafkas;
import java.time.Duration;
import java.util.Optional;

/**
 * The checks of a Platform spec that the CRD schema cannot express (CEL has no day-based
 * durations). A failed check is reported as {@code InvalidSpec} on the Platform.
 */
final class PlatformSpecCheck {
  private PlatformSpecCheck() {}

  /** The problem with the spec, in words, or empty when it is fine. */
  static Optional<String> problem(PlatformSpec spec) {
    var kafka = PlatformKafkas.conflict(spec);
    if (kafka.isPresent()) return kafka;
    if (spec == null || spec.security() == null || spec.security().tls() == null) return Optional.empty();
    var tls = spec.security().tls();
    Duration ca = Durations.parse(or(tls.caValidity(), "365d"));
    Duration cert = Durations.parse(or(tls.certValidity(), "90d"));
    Duration renew = Durations.parse(or(tls.renewBefore(), "30d"));
    if (renew.compareTo(cert) >= 0) {
      return Optional.of("security.tls.renewBefore (" + tls.renewBefore() + ") must be shorter than security.tls.certValidity ("
          + tls.certValidity() + "), or certificates would be renewed as soon as they are issued");
    }
    if (cert.compareTo(ca) > 0) {
      return Optional.of("security.tls.certValidity (" + tls.certValidity() + ") must not exceed security.tls.caValidity ("
          + tls.caValidity() + "): a certificate cannot outlive the CA that signed it");
    }
    return Optional.empty();
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
