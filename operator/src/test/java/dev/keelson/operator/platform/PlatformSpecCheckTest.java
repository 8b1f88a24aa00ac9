package dev.keelson.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.PlatformSpec;
import dev.keelson.operator.api.v1alpha1.SecuritySpec;
import org.junit.jupiter.api.Test;

class PlatformSpecCheckTest {
  @Test
  void defaultsAreFine() {
    assertThat(PlatformSpecCheck.problem(tls("365d", "90d", "30d"))).isEmpty();
    assertThat(PlatformSpecCheck.problem(new PlatformSpec(null, null, null, null, null, null, null))).isEmpty();
  }

  @Test
  void renewingBeforeIssuingIsRefused() {
    assertThat(PlatformSpecCheck.problem(tls("365d", "30d", "30d"))).hasValue(
        "security.tls.renewBefore (30d) must be shorter than security.tls.certValidity (30d), or certificates would be renewed as soon as they are issued");
  }

  @Test
  void aCertificateMayNotOutliveItsCa() {
    assertThat(PlatformSpecCheck.problem(tls("30d", "90d", "10d"))).hasValue(
        "security.tls.certValidity (90d) must not exceed security.tls.caValidity (30d): a certificate cannot outlive the CA that signed it");
  }

  private static PlatformSpec tls(String ca, String cert, String renew) {
    return new PlatformSpec(null, null, null, null, null,
        new SecuritySpec(null, new SecuritySpec.TlsSpec(true, ca, cert, renew)), null);
  }
}
