package dev.keelson.operator.reconcile;

import dev.keelson.operator.cluster.TargetCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Informers, one per owned kind and target cluster, that both wake the owner's reconciler when an
 * owned object changes (drift) and serve as the cache every "is it already so?" check reads from.
 * Owned objects are found by label, not owner reference, because owner references do not cross
 * clusters.
 */
public final class OwnedResourceInformers {

  /**
   * Page size of every informer's initial list: a restart over a thousand Services lists each kind
   * in pages rather than holding a thousand objects' JSON and their parse at once.
   */
  public static final long LIST_PAGE_SIZE = 200;

  private OwnedResourceInformers() {}

  /** Name of the informer of {@code type} on a connection ({@link TargetCluster#connection()}). */
  public static String eventSourceName(Class<? extends HasMetadata> type, String connection) {
    return HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type) + "@" + connection;
  }

  /** Event sources on the operator's own cluster for every owned kind of {@code ownerKind}. */
  public static <P extends HasMetadata> List<EventSource<?, P>> forLocalCluster(
      EventSourceContext<P> context, String ownerKind, List<Class<? extends HasMetadata>> ownedTypes) {
    return ownedTypes.stream()
        .<EventSource<?, P>>map(type -> informer(context, ownerKind, type, TargetCluster.LOCAL, null, null))
        .toList();
  }

  /**
   * The informer of {@code type} objects owned by {@code ownerKind} on one connection: the
   * operator's own cluster (the controller's namespaces) when {@code client} is null, else the
   * remote cluster that client reaches, in {@code namespace} only (a remote connection serves the
   * Platforms of one namespace).
   */
  static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
      EventSourceContext<P> context, String ownerKind, Class<R> type, String cluster, KubernetesClient client, String namespace) {
    SecondaryToPrimaryMapper<R> toOwner = owned -> {
      var name = owned.getMetadata().getLabels() == null ? null : owned.getMetadata().getLabels().get(KeelsonLabels.OWNER_NAME);
      return name == null ? Set.of() : Set.of(new ResourceID(name, owned.getMetadata().getNamespace()));
    };
    var configuration = on(type, context.getPrimaryResourceClass(), client, namespace)
        .withName(eventSourceName(type, cluster))
        .withLabelSelector(KeelsonLabels.ownedBySelector(ownerKind))
        .withSecondaryToPrimaryMapper(toOwner)
        .withInformerListLimit(LIST_PAGE_SIZE)
        .withItemStore(CompactItemStore.unlessShared(context, client == null ? null : namespace, CompactItemStore::new))
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * The configuration of an informer of {@code type} aimed at one connection: the operator's own
   * cluster (the controller's namespaces) when {@code client} is null, else the remote cluster that
   * client reaches, in {@code namespace} only (a remote connection serves the Platforms of one namespace).
   */
  public static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> on(Class<R> type,
      Class<? extends HasMetadata> primary, KubernetesClient client, String namespace) {
    var builder = InformerEventSourceConfiguration.from(type, primary);
    if (client != null) builder = builder.withKubernetesClient(client);
    return namespace == null ? builder.withNamespacesInheritedFromController() : builder.withNamespaces(Set.of(namespace));
  }

  /** The informer of {@code type} on a connection, if the controller has one (a remote one is registered once first needed). */
  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> Optional<InformerEventSource<R, ?>> find(Context<?> context, Class<R> type, String connection) {
    String name = eventSourceName(type, connection);
    return context.eventSourceRetriever().getEventSourcesFor(type).stream().filter(s -> name.equals(s.name()))
        .<InformerEventSource<R, ?>>map(s -> (InformerEventSource<R, ?>) s).findFirst();
  }

  /**
   * The informer of {@code type} on a connection. A remote connection's informers can go while a
   * reconcile works on it (its kubeconfig was replaced, its cluster closed): that is
   * {@link InformerMissingException}, which the reconcile reports for that cluster and retries.
   */
  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> InformerEventSource<R, ?> lookup(Context<?> context, Class<R> type, String connection) {
    try {
      return (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, eventSourceName(type, connection));
    } catch (IllegalArgumentException e) {
      throw new InformerMissingException(type.getSimpleName() + " of " + connection);
    }
  }

  /** No informer for a kind on a connection: it was removed with its connection meanwhile. Retried. */
  public static final class InformerMissingException extends io.fabric8.kubernetes.client.KubernetesClientException {
    public InformerMissingException(String what) {
      super("the cache of " + what + " is not there (its connection was replaced meanwhile); trying again");
    }
  }
}
