package dev.keelson.operator.leadership;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which part this process plays, in its readiness. A standby is ready — it watches with synced
 * caches, and a rolling update must be able to start the next replica beside the leader — and says
 * so with {@code role: STANDBY} and the Lease's holder. A broken process is not ready: one that
 * cannot read the Lease (its API server is out of reach: the informers' retries do not make the
 * operator's own check fail), and every replica when nobody has held the Lease for two Lease
 * durations (it cannot be created, say, because its namespace is missing). The Lease is read with a
 * client of its own, with short timeouts and no retries, so a probe answers within seconds.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealthCheck implements HealthCheck {
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  private final Leadership leadership;
  private final LeaderElectionConfiguration election;
  private final Duration patience;
  private final KubernetesClient probe;

  @Inject
  public LeadershipHealthCheck(Leadership leadership, LeaderElectionConfiguration election, KubernetesClient client) {
    this.leadership = leadership;
    this.election = election;
    this.patience = election.getLeaseDuration().multipliedBy(2);
    this.probe = leadership.identity().isEmpty() ? null : ShortRequests.client(client, READ_TIMEOUT);
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("Keelson leader election")
        .withData("role", leadership.role().name())
        .withData("since", leadership.since().toString());
    leadership.identity().ifPresent(id -> response.withData("identity", id));
    if (probe == null) return response.up().build();
    String namespace = election.getLeaseNamespace().orElse("");
    try {
      Lease lease = probe.leases().inNamespace(namespace).withName(election.getLeaseName()).get();
      String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      if (holder != null && !holder.isBlank()) response.withData("leader", holder);
    } catch (KubernetesClientException e) {
      return response.down().withData("error", "cannot read the Lease " + namespace + "/" + election.getLeaseName() + ": " + e.getMessage()).build();
    }
    if (leadership.leaderlessFor(patience)) {
      return response.down().withData("error", "no process has held the Lease " + namespace + "/" + election.getLeaseName()
          + " for " + patience.toSeconds() + " s: nothing reconciles").build();
    }
    return response.up().build();
  }

  @PreDestroy
  void close() {
    if (probe != null) probe.close();
  }
}
