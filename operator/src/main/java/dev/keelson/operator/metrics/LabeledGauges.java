package dev.keelson.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One gauge family whose series belong to owners (a Platform, a WorkerPool): each owner's series are
 * replaced as a whole when it reports again, and removed when it is gone, so that a cluster a
 * Platform no longer lists or a pool that was deleted leaves no stale series behind.
 */
final class LabeledGauges {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Map<Tags, AtomicReference<Double>> values = new HashMap<>();
  private final Map<Tags, Gauge> gauges = new HashMap<>();
  private final Map<String, Set<Tags>> byOwner = new HashMap<>();

  LabeledGauges(MeterRegistry registry, String name, String description) {
    this.registry = registry;
    this.name = name;
    this.description = description;
  }

  /** The owner's series from now on: these values, and none of those it had before but not now. */
  synchronized void replace(String owner, Map<Tags, Double> series) {
    var before = byOwner.getOrDefault(owner, Set.of());
    for (var tags : before) {
      if (!series.containsKey(tags)) remove(tags);
    }
    series.forEach((tags, value) -> values.computeIfAbsent(tags, t -> {
      var holder = new AtomicReference<>(value);
      gauges.put(t, Gauge.builder(name, holder, h -> h.get()).description(description).tags(t).register(registry));
      return holder;
    }).set(value));
    if (series.isEmpty()) {
      byOwner.remove(owner);
    } else {
      byOwner.put(owner, Set.copyOf(series.keySet()));
    }
  }

  synchronized void forget(String owner) {
    replace(owner, Map.of());
  }

  private void remove(Tags tags) {
    values.remove(tags);
    var gauge = gauges.remove(tags);
    if (gauge != null) registry.remove(gauge);
  }
}
