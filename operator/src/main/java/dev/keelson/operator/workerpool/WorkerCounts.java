package dev.keelson.operator.workerpool;

import java.util.List;
import java.util.Map;

/**
 * The worker counts of one reconcile: the pool's counts (or, in Lag mode, those of its workers on
 * one Kafka) split over its clusters, in proportion to each cluster's weight (its
 * {@code overrides.replicaPercent}, 100 by default; 0 runs no workers there), the remainder going
 * to the clusters with the largest fractions, then in order: equal weights split 7 as 3, 2, 2.
 *
 * @param weights the placed clusters, in order, with their weights
 */
record WorkerCounts(WorkerPoolScaling spec, WorkerPoolAutoscaler.Scaling scaling, Map<String, Integer> weights) {
  WorkerCounts {
    weights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights));
  }

  /** Equal weights. */
  WorkerCounts(WorkerPoolScaling spec, WorkerPoolAutoscaler.Scaling scaling, List<String> clusters) {
    this(spec, scaling, equal(clusters));
  }

  private static Map<String, Integer> equal(List<String> clusters) {
    var weights = new java.util.LinkedHashMap<String, Integer>();
    clusters.forEach(c -> weights.put(c, 100));
    return weights;
  }

  /** Lag mode: the count for the cluster from the latest decision, or null before there is one. */
  Integer target(String cluster) {
    if (scaling == null) return null;
    var decision = scaling.decision() != null ? scaling.decision() : scaling.last();
    return decision == null ? null : share(decision.replicas(), cluster);
  }

  /** Whether the target was decided now, by a poll of this reconcile. */
  boolean fresh() {
    return scaling != null && scaling.decision() != null;
  }

  /** Manual mode: the count to apply on the cluster; null in Lag mode. */
  Integer manual(String cluster) {
    return spec.lag() ? null : share(spec.manualReplicas(), cluster);
  }

  /** The fewest workers the cluster runs: what its PodDisruptionBudget protects. */
  int floor(String cluster) {
    return share(spec.lag() ? spec.minReplicas() : spec.manualReplicas(), cluster);
  }

  int ceiling(String cluster) {
    return share(spec.maxReplicas(), cluster);
  }

  /**
   * The cluster's part of {@code total}; a cluster not placed (a model only to remove by) is given the
   * first one's. The keys may be other than clusters: the Kafkas of a pool, weighed by their clusters.
   */
  int share(int total, String cluster) {
    if (weights.isEmpty()) return total;
    String of = weights.containsKey(cluster) ? cluster : weights.keySet().iterator().next();
    long sum = weights.values().stream().mapToLong(Integer::longValue).sum();
    if (sum == 0) return 0;
    var names = List.copyOf(weights.keySet());
    long[] base = new long[names.size()];
    long[] fraction = new long[names.size()];
    long given = 0;
    for (int i = 0; i < names.size(); i++) {
      long exact = (long) total * weights.get(names.get(i));
      base[i] = exact / sum;
      fraction[i] = exact % sum;
      given += base[i];
    }
    // The rest, one each, to the largest fractions (the earlier cluster first on a tie).
    var order = java.util.stream.IntStream.range(0, names.size()).boxed()
        .sorted((a, b) -> fraction[a] != fraction[b] ? Long.compare(fraction[b], fraction[a]) : Integer.compare(a, b)).toList();
    for (int k = 0; k < total - given; k++) base[order.get(k)]++;
    return (int) base[names.indexOf(of)];
  }
}
