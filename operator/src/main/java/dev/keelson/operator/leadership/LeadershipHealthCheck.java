package dev.keelson.operator.leadership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which part this process plays, in its readiness: a standby is ready (it watches, its caches are
 * synced, and a rolling update must be able to start the next replica beside the leader), and says
 * so with {@code role: STANDBY} and the leader's identity. A broken process is told apart by the
 * operator's own check beside this one, which is down while an informer cannot watch.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealthCheck implements HealthCheck {
  private final Leadership leadership;

  @Inject
  public LeadershipHealthCheck(Leadership leadership) {
    this.leadership = leadership;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("Keelson leader election").up()
        .withData("role", leadership.role().name())
        .withData("since", leadership.since().toString());
    leadership.identity().ifPresent(id -> response.withData("identity", id));
    leadership.leader().ifPresent(id -> response.withData("leader", id));
    return response.build();
  }
}
