package dev.keelson.operator.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When certificates are renewed, and which CAs clients trust: pure functions of the
 * certificates, the Platform's durations and the time.
 */
public final class CaRotation {
  private CaRotation() {}

  /** The instant a certificate is to be renewed: {@code renewBefore} ahead of its expiry. */
  public static Instant renewAt(X509Certificate certificate, Duration renewBefore) {
    return certificate.getNotAfter().toInstant().minus(renewBefore);
  }

  public static boolean due(X509Certificate certificate, Duration renewBefore, Instant now) {
    return !now.isBefore(renewAt(certificate, renewBefore));
  }

  /**
   * The CAs clients trust: the current one first, then the earlier ones until they expire, so
   * that certificates the previous CA signed stay valid while workloads move to new ones.
   */
  public static List<X509Certificate> trusted(X509Certificate current, List<X509Certificate> before, Instant now) {
    var trusted = new ArrayList<X509Certificate>();
    trusted.add(current);
    before.stream()
        .filter(c -> !c.equals(current))
        .filter(c -> c.getNotAfter().toInstant().isAfter(now))
        .forEach(trusted::add);
    return trusted;
  }

  /** A certificate's validity: as configured, but never past the CA that signs it. */
  public static Duration validity(Duration configured, X509Certificate ca, Instant now) {
    var caLeft = Duration.between(now, ca.getNotAfter().toInstant());
    return configured.compareTo(caLeft) <= 0 ? configured : caLeft;
  }
}
