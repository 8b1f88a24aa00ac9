package dev.keelson.operator.leadership;

import dev.keelson.operator.KeelsonSettings;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election on a Lease in the operator's namespace ({@code keelson.leader-election.*}), so
 * that two replicas can run: one reconciles, the other takes over when the leader's Lease runs
 * out. quarkus-operator-sdk uses the configuration in the prod profile (the packaged operator).
 */
public class LeaderElectionProducer {
  @Produces
  @Singleton
  Leadership leadership(Clock clock, MeterRegistry registry,
      @ConfigProperty(name = "keelson.leader-election.identity") Optional<String> identity,
      @ConfigProperty(name = "quarkus.operator-sdk.activate-leader-election-for-profiles", defaultValue = "prod") List<String> electing) {
    // As quarkus-operator-sdk decides: an election in the profiles it is activated for (prod, what the packaged operator runs).
    var leadership = ConfigUtils.getProfiles().stream().anyMatch(electing::contains)
        ? Leadership.electing(identity.orElseGet(LeaderElectionProducer::defaultIdentity), clock)
        : Leadership.alone(clock);
    Gauge.builder("keelson_leader", leadership, l -> l.reconciles() ? 1 : 0)
        .description("1 while this process reconciles (it holds the Lease, or runs without an election), 0 while it stands by")
        .register(registry);
    return leadership;
  }

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(Leadership leadership, KeelsonSettings settings,
      @ConfigProperty(name = "keelson.leader-election.lease-name", defaultValue = "keelson-operator") String leaseName,
      @ConfigProperty(name = "keelson.leader-election.lease-duration", defaultValue = "15s") Duration leaseDuration,
      @ConfigProperty(name = "keelson.leader-election.renew-deadline", defaultValue = "10s") Duration renewDeadline,
      @ConfigProperty(name = "keelson.leader-election.retry-period", defaultValue = "2s") Duration retryPeriod) {
    var callbacks = new LeaderCallbacks(leadership::startedLeading, () -> {
      leadership.stoppedLeading();
      exitElsewhere();
    }, leadership::newLeader);
    return new LeaderElectionConfiguration(leaseName, settings.operatorNamespace(), leaseDuration, renewDeadline, retryPeriod,
        leadership.identity().orElseGet(LeaderElectionProducer::defaultIdentity), callbacks, false);
  }

  /**
   * A process that lost its Lease must stop writing at once: it exits, and its pod restarts as a
   * standby. The exit runs on a thread of its own, because the Lease is also given up while the
   * process shuts down (SIGTERM), from a shutdown hook, and System.exit called there waits forever
   * (JOSDK's own exit-on-stop-leading did, and a terminating pod hung until it was killed).
   */
  private static void exitElsewhere() {
    var exit = new Thread(() -> System.exit(1), "keelson-lease-lost");
    exit.setDaemon(true);
    exit.start();
  }

  /** The pod's name (a pod's hostname), with the process id so that two processes on one host differ. */
  static String defaultIdentity() {
    String host = Optional.ofNullable(System.getenv("POD_NAME")).or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
        .filter(h -> !h.isBlank()).orElse("keelson-operator");
    return host + "-" + ProcessHandle.current().pid();
  }
}
