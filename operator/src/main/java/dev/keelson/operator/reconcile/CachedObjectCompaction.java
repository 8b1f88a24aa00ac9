package dev.keelson.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes an object smaller on its way into an informer's cache, without changing what it says:
 * its strings are interned (a thousand Deployments say "keelson", "apps/v1", "TCP" and their
 * labels' keys and values thousands of times: a third of the live heap at 1000 Services), the
 * empty map every model object carries for unknown fields becomes one shared empty map, and
 * lists lose their spare capacity.
 *
 * <p>Kept as they are: a Secret's {@code data} and {@code stringData} (credentials are never
 * interned, so they go with the object), and the strings that are unique to one object version
 * ({@code uid}, {@code resourceVersion}), which interning would only churn.
 *
 * <p>Cached objects are read, never written: JOSDK hands a reconcile a copy of its primary, and
 * Keelson reads secondaries from the cache to compare and report. Only the model's own classes
 * (fabric8's and Keelson's API) are walked; a final field (a record's) is walked into, not set.
 */
final class CachedObjectCompaction {
  private static final Set<String> UNIQUE = Set.of("uid", "resourceVersion");
  private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

  private CachedObjectCompaction() {}

  static void compact(Object object) {
    walk(object, new IdentityHashMap<>());
  }

  private static void walk(Object object, IdentityHashMap<Object, Boolean> seen) {
    if (object == null || object.getClass().isEnum() || !isModel(object.getClass()) || seen.put(object, Boolean.TRUE) != null) return;
    boolean secret = object instanceof Secret;
    for (Field field : fields(object.getClass())) {
      if (secret && (field.getName().equals("data") || field.getName().equals("stringData"))) continue;
      try {
        Object value = field.get(object);
        if (value == null) continue;
        Object compacted = UNIQUE.contains(field.getName()) ? value : compactValue(value, field.getName(), seen);
        if (compacted != value && !Modifier.isFinal(field.getModifiers())) field.set(object, compacted);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + field + " of a cached object", e);
      }
    }
  }

  /** The value to keep: an interned string, a shared empty map, a trimmed list; model objects walked in place. */
  @SuppressWarnings("unchecked")
  private static Object compactValue(Object value, String fieldName, IdentityHashMap<Object, Boolean> seen) {
    if (value instanceof String s) return s.intern();
    if (value instanceof CompactItemStore.ArrayMap) return value;
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) return "additionalProperties".equals(fieldName) ? Map.of() : value;
      if (!(map instanceof LinkedHashMap<?, ?>)) return value;
      var copy = new LinkedHashMap<Object, Object>((int) (map.size() / 0.75f) + 1);
      for (var e : ((Map<Object, Object>) map).entrySet()) {
        Object key = e.getKey() instanceof String k ? k.intern() : e.getKey();
        copy.put(key, e.getValue() == null ? null : compactValue(e.getValue(), null, seen));
      }
      return copy;
    }
    if (value instanceof ArrayList<?> list) {
      var elements = (ArrayList<Object>) list;
      for (int i = 0; i < elements.size(); i++) {
        Object element = elements.get(i);
        if (element != null) {
          Object compacted = compactValue(element, null, seen);
          if (compacted != element) elements.set(i, compacted);
        }
      }
      elements.trimToSize();
      return value;
    }
    walk(value, seen);
    return value;
  }

  private static boolean isModel(Class<?> type) {
    String name = type.getName();
    return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("dev.keelson.operator.api.");
  }

  private static List<Field> fields(Class<?> type) {
    return FIELDS.computeIfAbsent(type, t -> {
      var fields = new ArrayList<Field>();
      // The model's classes and their superclasses up to the JDK's (whose fields are not opened).
      for (Class<?> c = t; c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
          f.setAccessible(true);
          fields.add(f);
        }
      }
      return List.copyOf(fields);
    });
  }
}
