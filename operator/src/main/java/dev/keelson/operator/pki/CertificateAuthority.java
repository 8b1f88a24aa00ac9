package dev.keelson.operator.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Platform's internal certificate authority, on BouncyCastle: ECDSA P-256 keys, a self-signed
 * CA certificate, and server certificates it signs for DNS names. Everything in PEM.
 */
public final class CertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateAuthority() {}

  /** A key and its certificate. */
  public record Issued(PrivateKey key, X509Certificate certificate) {
    public String certificatePem() {
      return pem(certificate);
    }

    /** The key in PKCS#8 ("PRIVATE KEY"), which Java, Go and OpenSSL-based servers all read. */
    public String keyPem() {
      try {
        return pem(new JcaPKCS8Generator(key, null).generate());
      } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A new self-signed CA, valid from {@code now} for {@code validity}. */
  public static Issued newCa(String commonName, Duration validity, Instant now) {
    var keys = keyPair();
    var subject = new X500Name("CN=" + commonName);
    try {
      var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now), Date.from(now.plus(validity)), subject, keys.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new Issued(keys.getPrivate(), sign(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a CA certificate", e);
    }
  }

  /** A server certificate for the DNS names (the first is its common name), signed by the CA. */
  public static Issued issue(Issued ca, List<String> dnsNames, Duration validity, Instant now) {
    var keys = keyPair();
    try {
      var issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
      var builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now), Date.from(now.plus(validity)),
          new X500Name("CN=" + dnsNames.get(0)), keys.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
      builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(keys.getPrivate(), sign(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key()))));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate", e);
    }
  }

  /** Whether {@code certificate} was signed by {@code ca}. */
  public static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The DNS names of a certificate's subjectAltName. */
  public static List<String> dnsNames(X509Certificate certificate) {
    try {
      var names = new ArrayList<String>();
      var alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        alternatives.stream().filter(a -> Integer.valueOf(GeneralName.dNSName).equals(a.get(0))).forEach(a -> names.add((String) a.get(1)));
      }
      return names;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(Object object) {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Every certificate of a PEM bundle, in order. */
  public static List<X509Certificate> certificates(String pem) {
    var certificates = new ArrayList<X509Certificate>();
    try (var parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof X509CertificateHolder holder) certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM certificate bundle: " + e.getMessage(), e);
    }
    return certificates;
  }

  public static PrivateKey privateKey(String pem) {
    try (var parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      var converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) return converter.getPrivateKey(info);
      throw new IllegalArgumentException("not a PEM private key");
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509CertificateHolder holder) throws GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static KeyPair keyPair() {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has EC P-256", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM);
  }
}
