package dev.keelson.operator.pki;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;

/**
 * How Keelson connects to a data service that serves TLS: trusting the Platform's CAs (a PEM
 * bundle) and expecting a certificate issued for {@code expectedName}.
 */
public record ClientTls(String bundle, String expectedName) {

  public SSLContext context() {
    return TrustBundle.sslContext(bundle);
  }

  public HostnameVerifier verifier() {
    return TrustBundle.expecting(expectedName);
  }

  @Override
  public String toString() {
    return "ClientTls[" + expectedName + "]";
  }
}
