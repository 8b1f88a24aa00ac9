package dev.keelson.operator.pki;

import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.Checksums;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Secrets of the internal PKI: the Platform's CA ({@code <platform>-ca}: {@code tls.crt},
 * {@code tls.key}, and {@code ca.crt}, the CAs to trust) and the server certificates it signs
 * ({@code kubernetes.io/tls} with {@code ca.crt}). Created once; changed only to renew, by an
 * update that fails if the Secret changed meanwhile.
 */
public final class CertificateSecrets {
  /** Label of a CA Secret, so that workloads can watch their Platform's CA. */
  public static final String CA_LABEL = "keelson.dev/ca";
  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String BUNDLE = "ca.crt";

  private CertificateSecrets() {}

  /** The CA Secret, created when missing and renewed when due, with the earlier CA still trusted. */
  public static Secret ensureCa(Context<?> context, TargetCluster cluster, ObjectMeta metadata, TlsSettings tls, Instant now) {
    var meta = new ObjectMetaBuilder(metadata).addToLabels(CA_LABEL, "true").build();
    var cached = cached(context, cluster, meta);
    if (cached.isPresent() && !CaRotation.due(certificate(cached.get()), tls.renewBefore(), now)) return cached.get();
    var ca = CertificateAuthority.newCa(meta.getNamespace() + "/" + meta.getName(), tls.caValidity(), now);
    List<X509Certificate> before = cached.map(s -> CertificateAuthority.certificates(value(s, BUNDLE))).orElse(List.of());
    var trusted = CaRotation.trusted(ca.certificate(), before, now);
    var secret = secret(meta, "Opaque", ca.certificatePem(), ca.keyPem(), bundle(trusted));
    return write(context, cluster, cached, secret);
  }

  /**
   * The server certificate Secret for the DNS names, issued by the CA when missing, due, issued
   * for other names, signed by another CA, or carrying an outdated trust bundle.
   */
  public static Secret ensureServer(Context<?> context, TargetCluster cluster, ObjectMeta metadata, Secret caSecret, List<String> dnsNames,
      TlsSettings tls, Instant now) {
    var ca = new CertificateAuthority.Issued(CertificateAuthority.privateKey(value(caSecret, KEY)), certificate(caSecret));
    String bundle = value(caSecret, BUNDLE);
    var cached = cached(context, cluster, metadata);
    if (cached.isPresent()) {
      var current = certificate(cached.get());
      boolean fine = !CaRotation.due(current, tls.renewBefore(), now)
          && CertificateAuthority.dnsNames(current).equals(dnsNames)
          && CertificateAuthority.signedBy(current, ca.certificate())
          && bundle.equals(value(cached.get(), BUNDLE));
      if (fine) return cached.get();
    }
    var issued = CertificateAuthority.issue(ca, dnsNames, CaRotation.validity(tls.certValidity(), ca.certificate(), now), now);
    return write(context, cluster, cached, secret(metadata, "kubernetes.io/tls", issued.certificatePem(), issued.keyPem(), bundle));
  }

  /** SHA-256 of what a renewal changes: the certificate and the CAs to trust; on pod templates, it rolls the pods. */
  public static String checksum(Secret certificate) {
    return Checksums.sha256(certificate.getData().get(CERT), certificate.getData().get(BUNDLE));
  }

  /** The certificate ({@code tls.crt}) of a certificate Secret. */
  public static X509Certificate certificate(Secret secret) {
    return CertificateAuthority.certificates(value(secret, CERT)).get(0);
  }

  private static Optional<Secret> cached(Context<?> context, TargetCluster cluster, ObjectMeta metadata) {
    return OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .get(new ResourceID(metadata.getName(), metadata.getNamespace()));
  }

  private static Secret write(Context<?> context, TargetCluster cluster, Optional<Secret> cached, Secret secret) {
    var informer = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection());
    var primary = ResourceID.fromResource(context.getPrimaryResource());
    if (cached.isPresent()) {
      var updated = cluster.client().resource(new SecretBuilder(secret).editMetadata()
          .withResourceVersion(cached.get().getMetadata().getResourceVersion()).endMetadata().build()).update();
      informer.handleRecentResourceUpdate(primary, updated, cached.get());
      return updated;
    }
    return GeneratedSecrets.create(context, cluster, secret);
  }

  private static Secret secret(ObjectMeta metadata, String type, String cert, String key, String bundle) {
    var data = new TreeMap<String, String>();
    data.put(CERT, GeneratedSecrets.encode(cert));
    data.put(KEY, GeneratedSecrets.encode(key));
    data.put(BUNDLE, GeneratedSecrets.encode(bundle));
    return new SecretBuilder().withMetadata(metadata).withType(type).withData(data).build();
  }

  private static String bundle(List<X509Certificate> certificates) {
    return certificates.stream().map(CertificateAuthority::pem).collect(Collectors.joining());
  }

  private static String value(Secret secret, String key) {
    return GeneratedSecrets.value(secret, key);
  }
}
