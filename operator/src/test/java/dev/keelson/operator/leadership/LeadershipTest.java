package dev.keelson.operator.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeadershipTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  @Test
  void anElectingProcessStandsByUntilItWinsTheLease() {
    var leadership = Leadership.electing("keelson-operator-a", clock);
    assertThat(leadership.role()).isEqualTo(Leadership.Role.STANDBY);
    assertThat(leadership.reconciles()).isFalse();

    leadership.newLeader("keelson-operator-b");
    assertThat(leadership.leader()).contains("keelson-operator-b");
    assertThat(leadership.role()).isEqualTo(Leadership.Role.STANDBY);

    clock.advance(Duration.ofSeconds(15));
    leadership.startedLeading();
    leadership.newLeader("keelson-operator-a");
    assertThat(leadership.role()).isEqualTo(Leadership.Role.LEADER);
    assertThat(leadership.reconciles()).isTrue();
    assertThat(leadership.leader()).contains("keelson-operator-a");
    assertThat(leadership.since()).isEqualTo(Instant.parse("2026-12-01T10:00:15Z"));
  }

  @Test
  void aLeaderThatSeesAnotherLeaderOrStopsLeadingStandsByAgain() {
    var leadership = Leadership.electing("a", clock);
    leadership.startedLeading();
    clock.advance(Duration.ofSeconds(30));
    leadership.newLeader("b");
    assertThat(leadership.role()).isEqualTo(Leadership.Role.STANDBY);
    assertThat(leadership.since()).isEqualTo(Instant.parse("2026-12-01T10:00:30Z"));

    var other = Leadership.electing("c", clock);
    other.startedLeading();
    other.stoppedLeading();
    assertThat(other.reconciles()).isFalse();
  }

  @Test
  void aReleasedLeaseHasNoLeaderAndDoesNotBreakTheElection() {
    var leadership = Leadership.electing("a", clock);
    leadership.newLeader("b");
    leadership.newLeader(null);
    assertThat(leadership.leader()).isEmpty();
    leadership.newLeader("");
    assertThat(leadership.leader()).isEmpty();
    assertThat(leadership.role()).isEqualTo(Leadership.Role.STANDBY);
  }

  @Test
  void anElectionWithoutAnyLeaderForLongIsBrokenAndOneWithALeaderIsNot() {
    var leadership = Leadership.electing("a", clock);
    clock.advance(Duration.ofSeconds(20));
    assertThat(leadership.leaderlessFor(Duration.ofSeconds(30))).isFalse();
    clock.advance(Duration.ofSeconds(20));
    assertThat(leadership.leaderlessFor(Duration.ofSeconds(30))).as("no Lease holder seen for 40 s").isTrue();

    leadership.newLeader("b");
    assertThat(leadership.leaderlessFor(Duration.ofSeconds(30))).isFalse();
    leadership.newLeader(null);
    clock.advance(Duration.ofSeconds(5));
    assertThat(leadership.leaderlessFor(Duration.ofSeconds(30))).as("a released Lease, briefly without holder").isFalse();
    assertThat(Leadership.alone(clock).leaderlessFor(Duration.ZERO)).isFalse();
  }

  @Test
  void aProcessWithoutAnElectionReconcilesAndHasNoIdentity() {
    var alone = Leadership.alone(clock);
    assertThat(alone.role()).isEqualTo(Leadership.Role.ALONE);
    assertThat(alone.reconciles()).isTrue();
    assertThat(alone.identity()).isEmpty();
  }
}
