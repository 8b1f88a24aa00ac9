package dev.keelson.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.keelson.operator.pki.CertificateAuthority;
import dev.keelson.operator.pki.TrustBundle;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {
  private static final AmazonCorrettoCryptoProvider NATIVE = AmazonCorrettoCryptoProvider.INSTANCE;

  @Test
  void theNativeProviderBecomesFirstOnceAndServesTheCiphersOfTls() throws Exception {
    assertThat(NATIVE.getLoadingError()).as("the native library loads on this machine").isNull();

    assertThat(NativeCrypto.install(NATIVE)).isTrue();
    assertThat(NativeCrypto.install(NATIVE)).isTrue();

    assertThat(Security.getProviders()[0].getName()).isEqualTo(NATIVE.getName());
    assertThat(Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals(NATIVE.getName()))).hasSize(1);
    assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo(NATIVE.getName());
    assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo(NATIVE.getName());
  }

  @Test
  void tlsWithTheNativeProviderCarriesDataBothWays() throws Exception {
    NativeCrypto.install(NATIVE);
    var now = Instant.now();
    var ca = CertificateAuthority.newCa("native-crypto-test-ca", Duration.ofHours(1), now);
    var server = CertificateAuthority.issue(ca, List.of("native-crypto.test"), Duration.ofHours(1), now);
    var keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", server.key(), new char[0], new Certificate[] {server.certificate(), ca.certificate()});
    var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    var serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    byte[] payload = new byte[256 * 1024];
    new Random(7).nextBytes(payload);

    try (var listening = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var echoed = CompletableFuture.runAsync(() -> echoOnce(listening));
      var clientContext = TrustBundle.sslContext(CertificateAuthority.pem(ca.certificate()));
      try (var client = (SSLSocket) clientContext.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
        client.setSoTimeout(10_000);
        var out = new DataOutputStream(client.getOutputStream());
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        byte[] back = new byte[payload.length];
        new DataInputStream(client.getInputStream()).readFully(back);

        assertThat(back).isEqualTo(payload);
        assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(client.getSession().getCipherSuite()).matches("TLS_AES_(128|256)_GCM_SHA(256|384)");
      }
      echoed.get(10, TimeUnit.SECONDS);
    }
  }

  private static void echoOnce(SSLServerSocket listening) {
    try (var accepted = listening.accept()) {
      accepted.setSoTimeout(10_000);
      var in = new DataInputStream(accepted.getInputStream());
      byte[] data = new byte[in.readInt()];
      in.readFully(data);
      accepted.getOutputStream().write(data);
      accepted.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
