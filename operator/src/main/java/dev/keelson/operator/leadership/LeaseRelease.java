package dev.keelson.operator.leadership;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import dev.keelson.operator.reconcile.InFlightReconciles;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Hands the Lease over when the leader is asked to stop (SIGTERM: a rolling update, a drain), so
 * that the standby takes over at its next retry instead of waiting the Lease out (JOSDK 5.1.5
 * never releases it). It runs after quarkus-operator-sdk has stopped the operator's event
 * processing, waits until no reconcile is running any more (JOSDK's stop does not wait for them),
 * and releases only if this process still holds the Lease: the Lease then expires at once, as
 * client-go's release leaves it. Reconciles still running after {@link #DRAIN} keep the Lease, which
 * then runs out as it would after a crash.
 */
@ApplicationScoped
public class LeaseRelease {
  private static final Logger LOG = Logger.getLogger(LeaseRelease.class);

  private final KubernetesClient client;
  private final Leadership leadership;
  private final LeaderElectionConfiguration election;
  private final Clock clock;
  private final InFlightReconciles inFlight;
  /** Well inside a pod's default termination grace period (30 s). */
  static final Duration DRAIN = Duration.ofSeconds(10);

  @Inject
  public LeaseRelease(KubernetesClient client, Leadership leadership, LeaderElectionConfiguration election, Clock clock,
      InFlightReconciles inFlight) {
    this.inFlight = inFlight;
    this.client = client;
    this.leadership = leadership;
    this.election = election;
    this.clock = clock;
  }

  /** After quarkus-operator-sdk's own shutdown observer (default priority 2500), which stops the operator. */
  void onShutdown(@Observes @Priority(3000) ShutdownEvent event) {
    var identity = leadership.identity();
    if (identity.isEmpty()) return;
    String namespace = election.getLeaseNamespace().orElse(null);
    try {
      if (!inFlight.awaitIdle(DRAIN)) {
        LOG.warnf("%d reconciles still run after %s: the Lease %s/%s is left to run out", inFlight.running(), DRAIN, namespace,
            election.getLeaseName());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // The operator's client is closed with the operator, so the release has a short-lived one of its own.
    // Short timeouts and no retries: a pod's termination must not wait for an API server that is gone.
    try (var client = ShortRequests.client(this.client, Duration.ofSeconds(5))) {
      Lease lease = client.leases().inNamespace(namespace).withName(election.getLeaseName()).get();
      if (lease == null || lease.getSpec() == null || !identity.get().equals(lease.getSpec().getHolderIdentity())) return;
      var now = clock.instant().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      // An update (not a patch) carries the resourceVersion read: if another process has taken the Lease meanwhile, it fails.
      client.resource(lease).update();
      LOG.infof("released the Lease %s/%s for the next leader", namespace, election.getLeaseName());
    } catch (KubernetesClientException | IllegalStateException e) {
      LOG.warnf("could not release the Lease %s/%s (the next leader waits for it to run out): %s", namespace,
          election.getLeaseName(), e.getMessage());
    }
  }
}
