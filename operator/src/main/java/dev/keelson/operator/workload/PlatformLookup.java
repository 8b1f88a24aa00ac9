package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.LocalObjectRef;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.reconcile.CompactItemStore;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the Platform a workload runs on, from the informer cache: the one named by
 * {@code spec.platformRef}, or else the only Platform in the workload's namespace.
 */
public final class PlatformLookup {
  public static final String EVENT_SOURCE = "platforms";

  private PlatformLookup() {}

  /** The result: a Platform, or the reason and message why there is none. */
  public record Match(Platform platform, Reason reason, String message) {
    public boolean found() {
      return platform != null;
    }
  }

  /**
   * The Platforms, for a workload's reconciler: a Platform's change wakes the workloads that may run
   * on it, and those for which {@code concerned} holds (their env reads a Secret it references).
   */
  public static <W extends HasMetadata> InformerEventSource<Platform, W> informer(EventSourceContext<W> context,
      Function<W, LocalObjectRef> platformRef, java.util.function.BiPredicate<W, Platform> concerned) {
    var configuration = InformerEventSourceConfiguration.from(Platform.class, context.getPrimaryResourceClass())
        .withName(EVENT_SOURCE)
        .withNamespacesInheritedFromController()
        .withInformerListLimit(OwnedResourceInformers.LIST_PAGE_SIZE)
        .withItemStore(CompactItemStore.unlessShared(context, null, CompactItemStore::new))
        .withSecondaryToPrimaryMapper((Platform platform) -> context.getPrimaryCache()
            .list(platform.getMetadata().getNamespace())
            .filter(w -> mayReferTo(platformRef.apply(w), platform) || concerned.test(w, platform))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** Every Platform of the namespace, from the cache of {@link #informer}. */
  public static List<Platform> inNamespace(Context<?> context, String namespace) {
    @SuppressWarnings("unchecked")
    var platforms = (InformerEventSource<Platform, ?>) context.eventSourceRetriever().getEventSourceFor(Platform.class, EVENT_SOURCE);
    return platforms.list(namespace, p -> true).toList();
  }

  /** The Platform a workload runs on, from the cache of {@link #informer}. */
  public static Match find(Context<?> context, String namespace, LocalObjectRef ref) {
    @SuppressWarnings("unchecked")
    var platforms = (InformerEventSource<Platform, ?>) context.eventSourceRetriever().getEventSourceFor(Platform.class, EVENT_SOURCE);
    return find(platforms, namespace, ref);
  }

  /**
   * A Platform being deleted is no match: its deletion removes what Keelson wrote for its
   * workloads on remote clusters, and a workload must not write it again meanwhile.
   */
  public static Match find(InformerEventSource<Platform, ?> platforms, String namespace, LocalObjectRef ref) {
    List<Platform> inNamespace = platforms.list(namespace, p -> true).toList();
    if (ref != null) {
      return inNamespace.stream()
          .filter(p -> p.getMetadata().getName().equals(ref.name()))
          .findFirst()
          .map(PlatformLookup::unlessDeleting)
          .orElseGet(() -> new Match(null, Reason.PLATFORM_NOT_FOUND, "Platform " + ref.name() + " does not exist in namespace " + namespace));
    }
    if (inNamespace.size() == 1) return unlessDeleting(inNamespace.get(0));
    if (inNamespace.isEmpty()) {
      return new Match(null, Reason.PLATFORM_NOT_FOUND, "no Platform exists in namespace " + namespace + "; create one or set spec.platformRef");
    }
    return new Match(null, Reason.PLATFORM_AMBIGUOUS, "namespace " + namespace + " has " + inNamespace.size()
        + " Platforms; set spec.platformRef to choose one");
  }

  private static Match unlessDeleting(Platform platform) {
    if (platform.getMetadata().getDeletionTimestamp() == null) return new Match(platform, null, null);
    return new Match(null, Reason.PLATFORM_DELETING, "Platform " + platform.getMetadata().getName() + " is being deleted");
  }

  /** Whether a workload with {@code ref} in the Platform's namespace would run on {@code platform}. */
  public static boolean mayReferTo(LocalObjectRef ref, Platform platform) {
    return mayReferTo(ref, platform.getMetadata().getName());
  }

  /** Whether a workload with {@code ref} in a Platform's namespace would run on the Platform of that name. */
  public static boolean mayReferTo(LocalObjectRef ref, String platform) {
    return ref == null || ref.name().equals(platform);
  }
}
