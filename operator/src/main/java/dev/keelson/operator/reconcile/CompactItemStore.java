package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer store that keeps cached objects' managedFields small. Jackson reads each managedFields
 * tree into nested LinkedHashMaps with a String per key: at 1000 Services those trees were about
 * a third of the operator's live heap. On the way into the cache each tree becomes nested
 * read-only array maps, in the same order, with interned keys ("f:metadata" exists once).
 * Keelson only ever reads them (the server-side-apply matcher and {@link FieldOwnership}). The
 * rest of the object is compacted too ({@link CachedObjectCompaction}).
 */
public class CompactItemStore<R extends HasMetadata> implements ItemStore<R> {
  private final BasicItemStore<R> delegate = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final Consumer<R> prune;

  public CompactItemStore() {
    this(object -> {});
  }

  private CompactItemStore(Consumer<R> prune) {
    this.prune = prune;
  }

  /**
   * A store of custom resources for a reader of their spec only (the Platform's view of its
   * workloads): each keeps its kind, name, namespace, uid, versions, generation, creation and
   * deletion times, labels and spec; its status, managedFields, annotations, finalizers and
   * owner references are not kept.
   */
  public static <R extends CustomResource<?, ?>> CompactItemStore<R> specOnly() {
    return new CompactItemStore<>(object -> {
      object.setStatus(null);
      // Empty, not null: JOSDK's event filtering reads the annotations of every object it is given.
      var metadata = object.getMetadata();
      metadata.setManagedFields(List.of());
      metadata.setAnnotations(Map.of());
      metadata.setFinalizers(List.of());
      metadata.setOwnerReferences(List.of());
    });
  }

  /**
   * This store for an informer, or null (fabric8's own store, one per informer) where one instance
   * would be shared: JOSDK hands the informers of all watched namespaces the same store, and when
   * it watches several (OLM's MultiNamespace mode), each informer's list would drop the other
   * namespaces' objects from it as if they had been deleted. One namespace, or all, is one informer.
   *
   * @param namespace the one namespace the informer watches, or null when it inherits the controller's
   */
  public static <R extends HasMetadata> ItemStore<R> unlessShared(EventSourceContext<?> context, String namespace,
      Supplier<CompactItemStore<R>> store) {
    return namespace == null && sharedAcrossNamespaces(context.getControllerConfiguration()) ? null : store.get();
  }

  /** The same for a controller's own informer (configured by its annotation): its store is dropped where it would be shared. */
  public static void unshare(ControllerConfiguration<?> controller) {
    if (sharedAcrossNamespaces(controller)) controller.getInformerConfig().new Builder().withItemStore(null);
  }

  private static boolean sharedAcrossNamespaces(ControllerConfiguration<?> controller) {
    return controller.getEffectiveNamespaces().size() > 1;
  }

  @Override
  public String getKey(R object) {
    return delegate.getKey(object);
  }

  @Override
  public R put(String key, R object) {
    prune.accept(object);
    compactManagedFields(object);
    CachedObjectCompaction.compact(object);
    return delegate.put(key, object);
  }

  @Override
  public R remove(String key) {
    return delegate.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return delegate.keySet();
  }

  @Override
  public Stream<R> values() {
    return delegate.values();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public R get(String key) {
    return delegate.get(key);
  }

  static void compactManagedFields(HasMetadata object) {
    var entries = object.getMetadata() == null ? null : object.getMetadata().getManagedFields();
    if (entries == null) return;
    for (var entry : entries) {
      if (entry.getFieldsV1() != null && entry.getFieldsV1().getAdditionalProperties() != null) {
        entry.getFieldsV1().setAdditionalProperties(compact(entry.getFieldsV1().getAdditionalProperties()));
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> compact(Map<String, Object> tree) {
    if (tree instanceof ArrayMap) return tree;
    String[] keys = new String[tree.size()];
    Object[] values = new Object[tree.size()];
    int i = 0;
    for (var e : tree.entrySet()) {
      keys[i] = e.getKey().intern();
      values[i] = e.getValue() instanceof Map<?, ?> child ? compact((Map<String, Object>) child) : e.getValue();
      i++;
    }
    return keys.length == 0 ? Map.of() : new ArrayMap(keys, values);
  }

  /** A read-only map over two arrays, iterating in the order it was built. */
  static final class ArrayMap extends AbstractMap<String, Object> {
    private final String[] keys;
    private final Object[] values;

    ArrayMap(String[] keys, Object[] values) {
      this.keys = keys;
      this.values = values;
    }

    @Override
    public Object get(Object key) {
      for (int i = 0; i < keys.length; i++) if (keys[i].equals(key)) return values[i];
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      for (String k : keys) if (k.equals(key)) return true;
      return false;
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return keys.length;
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Entry<String, Object> next() {
              if (next >= keys.length) throw new NoSuchElementException();
              var entry = new SimpleImmutableEntry<String, Object>(keys[next], values[next]);
              next++;
              return entry;
            }
          };
        }
      };
    }
  }
}
