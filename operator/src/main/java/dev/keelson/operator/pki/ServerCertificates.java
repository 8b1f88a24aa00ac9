package dev.keelson.operator.pki;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The server certificates of a Platform's data services (Redis, MongoDB), from its CA ({@link PlatformCa}), when it runs one. */
public final class ServerCertificates {
  private ServerCertificates() {}

  /**
   * A data service serving the Platform's certificate: the checksum that rolls its pods on a
   * renewal, how Keelson connects to it, and when the certificate is to be renewed.
   */
  public record Served(String checksum, ClientTls client, Instant renewal) {}

  /**
   * Issues or renews the certificate for the DNS names (the first is the one Keelson expects);
   * empty when the Platform issues no certificates.
   */
  public static Optional<Served> ensure(Context<Platform> context, TargetCluster cluster, Platform platform, ObjectMeta metadata,
      List<String> dnsNames, Instant now) {
    var tls = TlsSettings.of(platform);
    if (tls == null) return Optional.empty();
    var ca = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection())
        .get(new ResourceID(TlsSettings.caSecretName(platform.getMetadata().getName()), platform.getMetadata().getNamespace()))
        .orElseThrow(() -> new IllegalStateException("the CA is ensured before the data services"));
    var certificate = CertificateSecrets.ensureServer(context, cluster, metadata, ca, dnsNames, tls, now);
    return Optional.of(new Served(CertificateSecrets.checksum(certificate),
        new ClientTls(GeneratedSecrets.value(certificate, CertificateSecrets.BUNDLE), dnsNames.get(0)),
        CaRotation.renewAt(CertificateSecrets.certificate(certificate), tls.renewBefore())));
  }
}
