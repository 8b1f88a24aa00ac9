package dev.keelson.operator.service;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.CaRotation;
import dev.keelson.operator.pki.CertificateSecrets;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.platform.PlatformLookup;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.Ownership;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Service's server certificate ({@code <name>-tls}, mounted at /tls) when its Platform issues
 * certificates: signed by the Platform's CA for the Service's DNS names, renewed before it
 * expires and whenever the CA is renewed, its {@code ca.crt} trusting the current and the earlier CA.
 */
final class ServiceCertificate {
  static final String CA_PENDING = "CertificateAuthorityPending";
  static final String CA_EVENT_SOURCE = "platform-ca";

  private ServiceCertificate() {}

  /** The Platforms' CA Secrets: a renewed CA reissues the certificates of the Services on it. */
  static InformerEventSource<Secret, KeelsonService> caInformer(EventSourceContext<KeelsonService> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, KeelsonService.class)
        .withName(CA_EVENT_SOURCE)
        .withLabelSelector(KeelsonLabels.MANAGED_BY + "=" + KeelsonLabels.MANAGER + "," + CertificateSecrets.CA_LABEL + "=true")
        .withNamespacesInheritedFromController()
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(new CompactItemStore<>())
        .withSecondaryToPrimaryMapper((Secret ca) -> {
          String platform = ca.getMetadata().getLabels().get(KeelsonLabels.PART_OF);
          return context.getPrimaryCache().list(ca.getMetadata().getNamespace())
              .filter(s -> s.getSpec().platformRef() == null || s.getSpec().platformRef().name().equals(platform))
              .map(ResourceID::fromResource)
              .collect(Collectors.toSet());
        })
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * The certificate Secret on that cluster: empty when the Platform issues no certificates, null
   * while its CA does not exist yet.
   */
  static Optional<Secret> ensure(Context<KeelsonService> context, TargetCluster cluster, KeelsonService service, Platform platform,
      Instant now) {
    var tls = TlsSettings.of(platform);
    if (tls == null) return Optional.empty();
    var ca = ca(context, platform);
    if (ca.isEmpty()) return null;
    String name = service.getMetadata().getName();
    String namespace = service.getMetadata().getNamespace();
    var metadata = new ObjectMetaBuilder()
        .withName(name + "-tls")
        .withNamespace(namespace)
        .withLabels(KeelsonLabels.owned(ServiceModel.KIND, name, ServiceModel.COMPONENT, platform.getMetadata().getName()))
        .withOwnerReferences(Ownership.controlledBy(service, cluster))
        .build();
    return Optional.of(CertificateSecrets.ensureServer(context, cluster, metadata, ca.get(), dnsNames(name, namespace), tls, now));
  }

  /** How long until the Service's certificate on the operator's own cluster is to be renewed, if it has one. */
  static Optional<Duration> renewal(Context<KeelsonService> context, KeelsonService service, Platform platform, Instant now) {
    var tls = TlsSettings.of(platform);
    if (tls == null) return Optional.empty();
    return OwnedResourceInformers.lookup(context, Secret.class, TargetCluster.LOCAL)
        .get(new ResourceID(service.getMetadata().getName() + "-tls", service.getMetadata().getNamespace()))
        .map(secret -> Duration.between(now, CaRotation.renewAt(CertificateSecrets.certificate(secret), tls.renewBefore())))
        .map(wait -> (wait.isNegative() ? Duration.ZERO : wait).plusSeconds(1));
  }

  /** The names a Service is reached by inside the cluster. */
  static List<String> dnsNames(String name, String namespace) {
    return List.of(name, name + "." + namespace, name + "." + namespace + ".svc", name + "." + namespace + ".svc.cluster.local");
  }

  private static Optional<Secret> ca(Context<KeelsonService> context, Platform platform) {
    @SuppressWarnings("unchecked")
    var cache = (InformerEventSource<Secret, KeelsonService>) context.eventSourceRetriever().getEventSourceFor(Secret.class, CA_EVENT_SOURCE);
    return cache.get(new ResourceID(TlsSettings.caSecretName(platform.getMetadata().getName()), platform.getMetadata().getNamespace()));
  }
}
