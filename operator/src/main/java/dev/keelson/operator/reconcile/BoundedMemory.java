package dev.keelson.operator.reconcile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Per-object memory of the operator that forgets the least recently used objects past a bound. */
public final class BoundedMemory {
  static final int OBJECTS = 10_000;

  private BoundedMemory() {}

  public static <V> Map<String, V> byUid() {
    return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > OBJECTS;
      }
    });
  }
}
