package dev.keelson.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  @Test
  void aCaSignsServerCertificatesForTheirDnsNames() {
    var ca = CertificateAuthority.newCa("shop/shop-ca", Duration.ofDays(365), NOW);
    var server = CertificateAuthority.issue(ca, List.of("orders", "orders.shop.svc"), Duration.ofDays(90), NOW);

    assertThat(CertificateAuthority.signedBy(server.certificate(), ca.certificate())).isTrue();
    assertThat(CertificateAuthority.dnsNames(server.certificate())).containsExactly("orders", "orders.shop.svc");
    assertThat(server.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(ca.certificate().getBasicConstraints()).isZero();
    var other = CertificateAuthority.newCa("other", Duration.ofDays(365), NOW);
    assertThat(CertificateAuthority.signedBy(server.certificate(), other.certificate())).isFalse();
  }

  @Test
  void keysAndCertificatesSurviveTheirPemForm() {
    var ca = CertificateAuthority.newCa("shop/shop-ca", Duration.ofDays(365), NOW);
    var parsed = CertificateAuthority.certificates(ca.certificatePem() + CertificateAuthority.pem(ca.certificate()));
    assertThat(parsed).hasSize(2).allSatisfy(c -> assertThat(c).isEqualTo(ca.certificate()));
    var again = new CertificateAuthority.Issued(CertificateAuthority.privateKey(ca.keyPem()), parsed.get(0));
    var server = CertificateAuthority.issue(again, List.of("orders"), Duration.ofDays(1), NOW);
    assertThat(CertificateAuthority.signedBy(server.certificate(), ca.certificate())).isTrue();
  }

  @Test
  void renewalIsDueRenewBeforeTheEndAndNoCertificateOutlivesItsCa() {
    var ca = CertificateAuthority.newCa("ca", Duration.ofDays(100), NOW);
    assertThat(CaRotation.due(ca.certificate(), Duration.ofDays(30), NOW.plus(Duration.ofDays(69)))).isFalse();
    assertThat(CaRotation.due(ca.certificate(), Duration.ofDays(30), NOW.plus(Duration.ofDays(70)))).isTrue();
    assertThat(CaRotation.validity(Duration.ofDays(90), ca.certificate(), NOW.plus(Duration.ofDays(40)))).isEqualTo(Duration.ofDays(60));
    assertThat(CaRotation.validity(Duration.ofDays(30), ca.certificate(), NOW)).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void clientsTrustTheNewCaAndTheOldOneUntilItExpires() {
    var old = CertificateAuthority.newCa("old", Duration.ofDays(10), NOW);
    var renewed = CertificateAuthority.newCa("new", Duration.ofDays(10), NOW.plus(Duration.ofDays(9)));
    assertThat(CaRotation.trusted(renewed.certificate(), List.of(old.certificate()), NOW.plus(Duration.ofDays(9))))
        .containsExactly(renewed.certificate(), old.certificate());
    assertThat(CaRotation.trusted(renewed.certificate(), List.of(renewed.certificate(), old.certificate()), NOW.plus(Duration.ofDays(11))))
        .containsExactly(renewed.certificate());
  }
}
