package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Secrets a workload's env may not read because a Platform of its namespace references them:
 * the kubeconfigs of its remote clusters and the Kafka credentials of {@code authSecretRef}. (The
 * Secrets Keelson generates are refused by the CRD's schema, by the suffixes of their names.) A
 * workload that uses Kafka gets the Kafka credentials in its binding already.
 */
public final class SecretReferences {
  public static final String FORBIDDEN = "ForbiddenSecretReference";

  private SecretReferences() {}

  /** The blocking verdict when the env reads a Secret one of the Platforms references; empty otherwise. */
  public static Optional<Verdict> check(String workload, List<EnvVar> env, Collection<Platform> platforms) {
    if (env == null || env.isEmpty()) return Optional.empty();
    for (var platform : platforms) {
      var referenced = referencedBy(platform);
      for (var variable : env) {
        String secret = secretName(variable);
        if (secret != null && referenced.contains(secret)) {
          return Optional.of(Verdict.blocked(FORBIDDEN, "env " + variable.getName() + " of " + workload + " reads Secret " + secret
              + ", which Platform " + platform.getMetadata().getName() + " references; a workload may read only its own Secrets"));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the env reads any Secret the Platform references: its changes must wake the workload. */
  public static boolean reads(List<EnvVar> env, Platform platform) {
    if (env == null || env.isEmpty()) return false;
    var referenced = referencedBy(platform);
    return env.stream().map(SecretReferences::secretName).anyMatch(referenced::contains);
  }

  /** The names of the Secrets the Platform's spec references. */
  static java.util.Set<String> referencedBy(Platform platform) {
    var names = new TreeSet<String>();
    var spec = platform.getSpec();
    if (spec == null) return names;
    if (spec.kafka() != null && spec.kafka().authSecretRef() != null) names.add(spec.kafka().authSecretRef().name());
    Stream.ofNullable(spec.clusters()).flatMap(List::stream).forEach(c -> {
      if (c.kubeconfigSecretRef() != null) names.add(c.kubeconfigSecretRef().name());
      if (c.overrides() != null && c.overrides().kafka() != null && c.overrides().kafka().authSecretRef() != null) {
        names.add(c.overrides().kafka().authSecretRef().name());
      }
    });
    return names;
  }

  private static String secretName(EnvVar variable) {
    var from = variable.getValueFrom();
    return from == null || from.getSecretKeyRef() == null ? null : from.getSecretKeyRef().getName();
  }
}
