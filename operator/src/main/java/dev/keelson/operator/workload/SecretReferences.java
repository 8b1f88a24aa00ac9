package dev.keelson.operator.workload;

import dev.keelson.operator.api.v1alpha1.ApiGroup;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.ResourceApplier;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The Secrets a workload's env may not read because a Platform of its namespace references them:
 * the kubeconfigs of its remote clusters and the Kafka credentials of {@code authSecretRef}. (The
 * Secrets Keelson generates are refused by the CRD's schema, by the suffixes of their names.) A
 * workload that uses Kafka gets the Kafka credentials in its binding already.
 */
public final class SecretReferences {
  private SecretReferences() {}

  /**
   * The blocking verdict of a workload Keelson must apply nothing for: its name is one the CRD
   * reserves, or its env reads a Secret Keelson generates (both for objects admitted before the
   * CRD's rules), or one that a Platform of its namespace references; empty otherwise.
   */
  public static Optional<Verdict> check(String workload, String name, List<EnvVar> env, Collection<Platform> platforms) {
    if (name.startsWith(ApiGroup.RESERVED_NAME_PREFIX) || ApiGroup.RESERVED_NAME_SUFFIXES.stream().anyMatch(name::endsWith)) {
      return Optional.of(Verdict.blocked(Reason.RESERVED_NAME, workload + ": " + ApiGroup.RESERVED_NAME_MESSAGE.substring("metadata.name: ".length())));
    }
    return envRefusal(workload, env, platforms);
  }

  private static Optional<Verdict> envRefusal(String workload, List<EnvVar> env, Collection<Platform> platforms) {
    if (env == null || env.isEmpty()) return Optional.empty();
    for (var variable : env) {
      String secret = secretName(variable);
      if (secret != null && ApiGroup.GENERATED_SECRET_SUFFIXES.stream().anyMatch(secret::endsWith)) {
        return Optional.of(Verdict.blocked(Reason.FORBIDDEN_SECRET_REFERENCE, "env " + variable.getName() + " of " + workload + " reads Secret " + secret
            + ", a name only Keelson's generated Secrets have; a workload may read only its own Secrets"));
      }
    }
    for (var platform : platforms) {
      var referenced = referencedBy(platform);
      for (var variable : env) {
        String secret = secretName(variable);
        if (secret != null && referenced.contains(secret)) {
          return Optional.of(Verdict.blocked(Reason.FORBIDDEN_SECRET_REFERENCE, "env " + variable.getName() + " of " + workload + " reads Secret " + secret
              + ", which Platform " + platform.getMetadata().getName() + " references; a workload may read only its own Secrets"));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@link #check}, and when the workload is refused, {@link #stopReading} on its clusters: the refusal, or empty.
   *
   * @param kind the workload's kind, e.g. Service
   * @param platforms the Platforms of the workload's namespace
   * @param clusters the clusters of the workload's Platform, resolved only when it is refused
   */
  public static Optional<Verdict> refuse(Context<?> context, String kind, String name, String namespace, List<EnvVar> env,
      Collection<Platform> platforms, Supplier<List<TargetCluster>> clusters, Function<TargetCluster, Verdict> connect) {
    var refusal = check(kind + " " + name, name, env, platforms);
    refusal.ifPresent(r -> stopReading(context, clusters.get(), connect, namespace, name, platforms));
    return refusal;
  }

  /**
   * Deletes the workload's Deployment on each connected cluster where the one Keelson applied
   * earlier reads a Secret it may not (a Platform began to reference it after the workload did): a
   * refusal must not leave running what it refuses. A Deployment holds no data; the workload's
   * status says why it is gone, and it comes back once the env is fixed.
   */
  static void stopReading(Context<?> context, List<TargetCluster> clusters, Function<TargetCluster, Verdict> connect,
      String namespace, String name, Collection<Platform> platforms) {
    for (var cluster : clusters) {
      if (connect.apply(cluster) != null) continue;
      var live = ResourceApplier.cached(context, cluster, Deployment.class, namespace, name);
      if (live.isEmpty()) continue;
      var containers = live.get().getSpec().getTemplate().getSpec().getContainers();
      boolean reads = containers.stream().anyMatch(c -> envRefusal(name, c.getEnv(), platforms).isPresent());
      if (reads) cluster.client().resource(live.get()).delete();
    }
  }

  /** Whether the env reads any Secret the Platform references: its changes must wake the workload. */
  public static boolean reads(List<EnvVar> env, Platform platform) {
    if (env == null || env.isEmpty()) return false;
    var referenced = referencedBy(platform);
    return env.stream().map(SecretReferences::secretName).anyMatch(referenced::contains);
  }

  /** The names of the Secrets the Platform's spec references. */
  static Set<String> referencedBy(Platform platform) {
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
