package dev.keelson.operator.status;

import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.ClusterTarget;
import dev.keelson.operator.api.v1alpha1.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** How one reconcile left one target cluster: its verdict and, for workloads, its pods. */
public record ClusterOutcome(String cluster, Verdict verdict, Integer replicas, Integer readyReplicas) {

  /**
   * The outcomes in the order the Platform lists its clusters, names it does not list after them as
   * they came: a status lists its clusters the same way whichever of them are usable this time, so
   * a restart that finds one still connecting does not rewrite it.
   */
  public static List<ClusterOutcome> inListedOrder(List<ClusterOutcome> outcomes, Platform platform) {
    List<String> listed = platform.getSpec() == null || platform.getSpec().clusters() == null ? List.of()
        : platform.getSpec().clusters().stream().map(ClusterTarget::name).toList();
    var ordered = new ArrayList<>(outcomes);
    ordered.sort(Comparator.comparingInt(o -> listed.contains(o.cluster()) ? listed.indexOf(o.cluster()) : listed.size()));
    return ordered;
  }

  /**
   * The verdict over all clusters: ready only when every one is; otherwise the worst, with its
   * cause. A stalled cluster is the worst (nothing becomes ready until something is changed there,
   * whatever the others do, so the whole is stalled: kstatus's Failed), then one not reconciled,
   * then a degraded one.
   */
  public static Verdict aggregate(List<ClusterOutcome> outcomes, String readyMessage) {
    if (outcomes.isEmpty()) throw new IllegalArgumentException("no clusters to aggregate");
    var notReady = outcomes.stream().filter(o -> !o.verdict().ready()).toList();
    if (notReady.isEmpty()) {
      return Verdict.ready(outcomes.get(0).verdict().reason(),
          outcomes.size() == 1 ? outcomes.get(0).verdict().message() : readyMessage);
    }
    ClusterOutcome worst = notReady.stream()
        .filter(o -> o.verdict().stalled()).findFirst()
        .or(() -> notReady.stream().filter(o -> !o.verdict().reconciled()).findFirst())
        .or(() -> notReady.stream().filter(o -> o.verdict().degraded()).findFirst())
        .orElse(notReady.get(0));
    String message = outcomes.size() == 1 ? worst.verdict().message()
        : notReady.stream().map(o -> "cluster " + o.cluster() + ": " + o.verdict().message()).collect(Collectors.joining("; "));
    boolean reconciled = outcomes.stream().allMatch(o -> o.verdict().reconciled());
    boolean degraded = outcomes.stream().anyMatch(o -> o.verdict().degraded());
    return new Verdict(reconciled, Conditions.FALSE, degraded, worst.verdict().reason(), message);
  }

  /**
   * The outcome of a cluster Keelson is only connecting to (the operator restarted, a kubeconfig
   * was rotated): the entry it had when it was last ready for this generation, so that a restart
   * rewrites no status and raises no Event; without one, the connecting verdict.
   */
  public static ClusterOutcome connecting(String cluster, Verdict connecting, List<ClusterStatus> previous, long generation) {
    var before = previous == null ? null : previous.stream().filter(c -> cluster.equals(c.name())).findFirst().orElse(null);
    if (before != null && Boolean.TRUE.equals(before.ready()) && Long.valueOf(generation).equals(before.observedGeneration())) {
      return new ClusterOutcome(cluster, Verdict.ready(Reason.named(before.reason()), before.message()), before.readyReplicas(), before.readyReplicas());
    }
    return new ClusterOutcome(cluster, connecting, null, null);
  }

  /** The status entry of this cluster; its lastSyncTime moves only when the entry's state changes. */
  public ClusterStatus toStatus(List<ClusterStatus> previous, long generation, Instant now) {
    var before = previous == null ? null
        : previous.stream().filter(c -> cluster.equals(c.name())).findFirst().orElse(null);
    boolean same = before != null
        && Objects.equals(before.ready(), verdict.ready())
        && Objects.equals(before.reason(), verdict.reason().toString())
        && Objects.equals(before.observedGeneration(), generation);
    String syncTime = same ? before.lastSyncTime() : now.truncatedTo(ChronoUnit.SECONDS).toString();
    return new ClusterStatus(cluster, verdict.ready(), verdict.reason().toString(), verdict.message(), generation, syncTime, readyReplicas);
  }
}
