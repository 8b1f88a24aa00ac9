package dev.keelson.operator.pki;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.dataservice.ClusterScope;
import dev.keelson.operator.dataservice.StatefulSetDataService;
import dev.keelson.operator.reconcile.GeneratedSecrets;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The server certificates of a Platform's data services (Redis, MongoDB), from its CA ({@link PlatformCa}), when it runs one. */
public final class ServerCertificates {
  private ServerCertificates() {}

  /**
   * A data service serving the Platform's certificate: the checksum that rolls its pods on a
   * renewal, how Keelson connects to it, and when the certificate is to be renewed.
   */
  public record Served(String checksum, ClientTls client, Instant renewal) {}

  /** What connecting to a data service takes: its administrator's password, and its TLS (null when it serves plaintext). */
  public record AdminConnection(String password, ClientTls tls) {}

  /**
   * A StatefulSet data service's certificate ensured ({@link #ensure}): the model with the
   * certificate's checksum (which rolls its pods on a renewal), how to connect, when to renew.
   *
   * @param withTls the model serving the certificate of that checksum
   */
  public static <M> StatefulSetDataService.Prepared<M, AdminConnection> prepare(ClusterScope scope, M model, String password,
      ObjectMeta metadata, List<String> dnsNames, BiFunction<M, String, M> withTls) {
    var served = ensure(scope.context(), scope.cluster(), scope.platform(), metadata, dnsNames, scope.now());
    if (served.isEmpty()) return new StatefulSetDataService.Prepared<>(model, new AdminConnection(password, null), null);
    return new StatefulSetDataService.Prepared<>(withTls.apply(model, served.get().checksum()),
        new AdminConnection(password, served.get().client()), served.get().renewal());
  }

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
