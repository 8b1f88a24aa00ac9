package dev.keelson.operator.workload;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.Uses;
import dev.keelson.operator.binding.Credentials;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.reconcile.ApplyFailure;
import dev.keelson.operator.reconcile.KeelsonLabels;
import dev.keelson.operator.reconcile.OwnedResourceInformers;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * The Secrets a workload's pods mount that Keelson generates rather than applies: its credentials
 * and its certificate, ensured on one cluster before its other objects.
 *
 * @param credentials the credentials Secret, when the workload uses a data service that needs a password
 * @param tls the certificate Secret, when the Platform issues certificates
 */
public record WorkloadSecrets(Optional<Secret> credentials, Optional<Secret> tls) {

  /** The Secrets, or the verdict of what stopped them (a write refused, the Platform's CA not there yet). */
  public record Ensured(WorkloadSecrets secrets, Verdict failure) {}

  public static Ensured ensure(Context<?> context, TargetCluster cluster, HasMetadata workload, WorkloadKind kind, Uses uses,
      Platform platform, KeelsonSettings settings, Instant now) {
    String name = workload.getMetadata().getName();
    Optional<Secret> credentials;
    try {
      credentials = WorkloadCredentials.ensure(context, cluster, workload, kind, uses, platform, settings);
    } catch (KubernetesClientException e) {
      return new Ensured(null, ApplyFailure.verdict("Secret " + Credentials.secretName(name), e));
    }
    Optional<Secret> tls;
    try {
      tls = WorkloadCertificate.ensure(context, cluster, workload, kind, platform, now);
    } catch (KubernetesClientException e) {
      return new Ensured(null, ApplyFailure.verdict("Secret " + name + "-tls", e));
    }
    if (tls == null) {
      return new Ensured(null, Verdict.waiting(Reason.CERTIFICATE_AUTHORITY_PENDING,
          "waiting for Platform " + platform.getMetadata().getName() + " to create its certificate authority"));
    }
    return new Ensured(new WorkloadSecrets(credentials, tls), null);
  }

  /**
   * Once every pod runs with the binding of the current passwords, the previous ones may go; the
   * failure's verdict, or null.
   */
  public Verdict retirePreviousWhenRolledOut(Context<?> context, TargetCluster cluster, Verdict readiness) {
    if (!readiness.ready() || credentials.isEmpty()) return null;
    try {
      Credentials.retirePrevious(context, cluster, credentials.get());
      return null;
    } catch (KubernetesClientException e) {
      return ApplyFailure.verdict("Secret " + credentials.get().getMetadata().getName(), e);
    }
  }

  /**
   * Deletes the Secrets Keelson generated for the workload on a cluster it no longer runs on
   * (credentials, certificate and its private key), as found in the cache by their owner labels;
   * the failure's verdict, or null.
   */
  public static Verdict removeGenerated(Context<?> context, TargetCluster cluster, WorkloadKind kind, HasMetadata workload) {
    String namespace = workload.getMetadata().getNamespace();
    String name = workload.getMetadata().getName();
    var cached = OwnedResourceInformers.lookup(context, Secret.class, cluster.connection()).list(namespace, s -> {
      var labels = s.getMetadata().getLabels();
      return labels != null && kind.name().equals(labels.get(KeelsonLabels.OWNER_KIND)) && name.equals(labels.get(KeelsonLabels.OWNER_NAME));
    }).toList();
    for (var secret : cached) {
      try {
        cluster.client().secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).delete();
      } catch (KubernetesClientException e) {
        return ApplyFailure.verdict("Secret " + secret.getMetadata().getName(), e);
      }
    }
    return null;
  }
}
