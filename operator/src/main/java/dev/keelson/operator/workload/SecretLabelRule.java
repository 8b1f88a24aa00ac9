package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.BoundedMemory;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Platform's stricter rule for the Secrets a workload's env reads
 * ({@code security.workloadSecrets.matchLabels}): only those carrying every one of the labels, on
 * the cluster the workload runs on. A Secret's labels are read from that cluster's API server once
 * per {@link #RECHECK} (or when the rule changes): a reconcile over a converged workload asks
 * nothing in between. A Secret that is missing or lacks a label is {@code SecretNotAllowed}, retried.
 */
public final class SecretLabelRule {
  static final Duration RECHECK = Duration.ofMinutes(10);

  private record Seen(Map<String, String> labels, boolean exists, Instant at) {}

  /** By cluster connection, namespace and Secret name; the least recently used are forgotten past a bound. */
  private final Map<String, Seen> seen = BoundedMemory.byUid();
  private final Clock clock;

  public SecretLabelRule(Clock clock) {
    this.clock = clock;
  }

  /** The blocking verdict when the env reads a Secret the Platform's rule does not allow there; empty otherwise. */
  public Optional<Verdict> check(TargetCluster cluster, String namespace, String workload, List<EnvVar> env, Platform platform) {
    var security = platform.getSpec() == null ? null : platform.getSpec().security();
    var rule = security == null || security.workloadSecrets() == null ? null : security.workloadSecrets().matchLabels();
    if (rule == null || rule.isEmpty() || env == null) return Optional.empty();
    Instant now = clock.instant();
    for (var variable : env) {
      var from = variable.getValueFrom();
      if (from == null || from.getSecretKeyRef() == null || from.getSecretKeyRef().getName() == null) continue;
      String name = from.getSecretKeyRef().getName();
      String key = cluster.connection() + "/" + namespace + "/" + name;
      var known = seen.get(key);
      if (known == null || !known.exists() || !now.isBefore(known.at().plus(RECHECK)) || !allows(rule, known.labels())) {
        try {
          var secret = cluster.client().secrets().inNamespace(namespace).withName(name).get();
          known = new Seen(secret == null || secret.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(secret.getMetadata().getLabels()),
              secret != null, now);
          seen.put(key, known);
        } catch (KubernetesClientException e) {
          return Optional.of(ApplyFailure.verdict("Secret " + name, e));
        }
      }
      if (!known.exists() || !allows(rule, known.labels())) {
        return Optional.of(Verdict.blocked(Reason.SECRET_NOT_ALLOWED, "env " + variable.getName() + " of " + workload + " reads Secret " + name
            + (known.exists() ? ", which lacks" : ", which does not exist on cluster " + cluster.name() + " with")
            + " the labels Platform " + platform.getMetadata().getName() + " requires of Secrets workloads read (security.workloadSecrets: "
            + rule + ")"));
      }
    }
    return Optional.empty();
  }

  private static boolean allows(Map<String, String> rule, Map<String, String> labels) {
    return rule.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
