package dev.keelson.operator.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for Keelson's own connections to a Platform's Redis and MongoDB: only the Platform's CAs
 * are trusted, and the server must hold a certificate issued for the expected service name.
 */
public final class TrustBundle {
  private TrustBundle() {}

  /** An SSLContext trusting exactly the CAs of the PEM bundle. */
  public static SSLContext sslContext(String pemBundle) {
    try {
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : CertificateAuthority.certificates(pemBundle)) store.setCertificateEntry("ca-" + i++, ca);
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS context from the Platform's CAs", e);
    }
  }

  /**
   * Accepts a server whose certificate names {@code expectedName}, whatever address it was dialled
   * at (a member's pod name, or an address an operator outside the cluster is pointed at).
   */
  public static HostnameVerifier expecting(String expectedName) {
    return (dialled, session) -> {
      try {
        var peer = (X509Certificate) session.getPeerCertificates()[0];
        return CertificateAuthority.dnsNames(peer).contains(expectedName);
      } catch (SSLPeerUnverifiedException | ClassCastException e) {
        return false;
      }
    };
  }
}
