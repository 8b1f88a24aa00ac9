package dev.keelson.operator.platform;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.CertificateSecrets;
import dev.keelson.operator.pki.ClientTls;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The server certificates of a Platform's Redis and MongoDB, from its CA, when it runs one. */
final class DataServiceCertificates {
  private DataServiceCertificates() {}

  /** The certificate Secret, issued or renewed as needed; empty when the Platform issues no certificates. */
  static Optional<Secret> ensure(Context<Platform> context, TargetCluster cluster, Platform platform, ObjectMeta metadata,
      List<String> dnsNames, Instant now) {
    var tls = TlsSettings.of(platform);
    if (tls == null) return Optional.empty();
    var ca = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .get(new ResourceID(TlsSettings.caSecretName(platform.getMetadata().getName()), platform.getMetadata().getNamespace()))
        .orElseThrow(() -> new IllegalStateException("the CA is ensured before the data services"));
    return Optional.of(CertificateSecrets.ensureServer(context, cluster, metadata, ca, dnsNames, tls, now));
  }

  static String checksum(Secret certificate) {
    return CertificateSecrets.checksum(certificate);
  }

  /** When the certificate is to be renewed. */
  static java.time.Instant renewal(Platform platform, Secret certificate) {
    return dev.keelson.operator.pki.CaRotation.renewAt(CertificateSecrets.certificate(certificate), TlsSettings.of(platform).renewBefore());
  }

  static ClientTls clientTls(Secret certificate, String expectedName) {
    return new ClientTls(GeneratedSecrets.value(certificate, CertificateSecrets.BUNDLE), expectedName);
  }
}
