package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.LocalObjectRef;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.pki.CaRotation;
import dev.keelson.operator.pki.CertificateSecrets;
import dev.keelson.operator.pki.TlsSettings;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.reconcile.Ownership;
import dev.keelson.operator.reconcile.RemoteClusterSources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A workload's certificate ({@code <name>-tls}, mounted at /tls) when its Platform issues
 * certificates: signed by the Platform's CA for the workload's DNS names, renewed before it
 * expires and whenever the CA is renewed, its {@code ca.crt} trusting the current and the earlier
 * CA (which is also how a workload's TLS bindings get the CA to trust).
 */
public final class WorkloadCertificate {
  static final String CA_EVENT_SOURCE = "platform-ca";

  private WorkloadCertificate() {}

  /** The Platforms' CA Secrets on the operator's own cluster: a renewed CA reissues the certificates of the workloads on it. */
  public static <W extends HasMetadata> InformerEventSource<Secret, W> caInformer(EventSourceContext<W> context,
      Function<W, LocalObjectRef> platformRef) {
    return caInformer(context, CA_EVENT_SOURCE, null, null, platformRef);
  }

  /**
   * The Platforms' CA Secrets on each remote cluster: a Platform has a CA of its own on every cluster
   * it runs on, which signs the certificates of the workloads there.
   */
  public static <W extends HasMetadata> RemoteClusterSources.Extra<W> remoteCaInformers(Function<W, LocalObjectRef> platformRef) {
    return new RemoteClusterSources.Extra<>(CA_EVENT_SOURCE, (context, name, client, namespace) ->
        caInformer(context, name, client, namespace, platformRef));
  }

  private static <W extends HasMetadata> InformerEventSource<Secret, W> caInformer(EventSourceContext<W> context, String name,
      KubernetesClient client, String namespace, Function<W, LocalObjectRef> platformRef) {
    var configuration = OwnedResourceInformers.on(Secret.class, context.getPrimaryResourceClass(), client, namespace)
        .withName(name)
        .withLabelSelector(KeelsonLabels.MANAGED_BY + "=" + KeelsonLabels.MANAGER + "," + CertificateSecrets.CA_LABEL + "=true")
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(CompactItemStore.unlessShared(context, client == null ? null : namespace, CompactItemStore::new))
        .withSecondaryToPrimaryMapper((Secret ca) -> {
          String platform = ca.getMetadata().getLabels().get(KeelsonLabels.PART_OF);
          return context.getPrimaryCache().list(ca.getMetadata().getNamespace())
              .filter(w -> platformRef.apply(w) == null || platformRef.apply(w).name().equals(platform))
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
  public static Optional<Secret> ensure(Context<?> context, TargetCluster cluster, HasMetadata workload, WorkloadKind kind,
      Platform platform, Instant now) {
    var tls = TlsSettings.of(platform);
    if (tls == null) return Optional.empty();
    var ca = ca(context, cluster, platform);
    if (ca.isEmpty()) return null;
    String name = workload.getMetadata().getName();
    String namespace = workload.getMetadata().getNamespace();
    var metadata = new ObjectMetaBuilder()
        .withName(name + "-tls")
        .withNamespace(namespace)
        .withLabels(KeelsonLabels.owned(kind.name(), name, kind.component(), platform.getMetadata().getName()))
        .withOwnerReferences(Ownership.controlledBy(workload, cluster))
        .build();
    return Optional.of(CertificateSecrets.ensureServer(context, cluster, metadata, ca.get(), dnsNames(name, namespace), tls, now));
  }

  /**
   * How long until the first of the workload's certificates on these clusters is to be renewed, if
   * it has any (a cluster not watched yet has none to count).
   */
  public static Optional<Duration> renewal(Context<?> context, HasMetadata workload, Platform platform, List<TargetCluster> clusters,
      Instant now) {
    var tls = TlsSettings.of(platform);
    if (tls == null) return Optional.empty();
    var id = new ResourceID(workload.getMetadata().getName() + "-tls", workload.getMetadata().getNamespace());
    return clusters.stream()
        .flatMap(cluster -> OwnedResourceInformers.find(context, Secret.class, cluster.connection()).flatMap(cache -> cache.get(id)).stream())
        .map(secret -> Duration.between(now, CaRotation.renewAt(CertificateSecrets.certificate(secret), tls.renewBefore())))
        .min(Duration::compareTo)
        .map(wait -> (wait.isNegative() ? Duration.ZERO : wait).plusSeconds(1));
  }

  /** The names a workload is reached by inside the cluster (a WorkerPool's serve its health port). */
  static List<String> dnsNames(String name, String namespace) {
    return List.of(name, name + "." + namespace, name + "." + namespace + ".svc", name + "." + namespace + ".svc.cluster.local");
  }

  /** The Platform's CA on that cluster, from the informer of the CAs there. */
  private static Optional<Secret> ca(Context<?> context, TargetCluster cluster, Platform platform) {
    String source = RemoteClusterSources.eventSourceName(CA_EVENT_SOURCE, cluster);
    @SuppressWarnings("unchecked")
    var cache = (InformerEventSource<Secret, ?>) context.eventSourceRetriever().getEventSourceFor(Secret.class, source);
    return cache.get(new ResourceID(TlsSettings.caSecretName(platform.getMetadata().getName()), platform.getMetadata().getNamespace()));
  }
}
