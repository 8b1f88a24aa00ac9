package dev.keelson.operator.leadership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What this process knows of the operator's leader election: whether it leads, who does, and
 * since when. Only the leader reconciles (JOSDK starts event processing when it acquires the
 * Lease); a standby keeps its caches warm, so that it can take over at once.
 */
public final class Leadership {
  /** The part this process plays. */
  public enum Role {
    /** Leader election is not in use (the test and development profiles): this process reconciles. */
    ALONE,
    /** It holds the Lease and reconciles. */
    LEADER,
    /** Another process holds the Lease; this one watches, ready to take over. */
    STANDBY
  }

  private final String identity;
  private final Clock clock;
  private volatile Role role;
  private volatile String leader;
  private volatile Instant since;
  /** Since when no leader has been known (null while one is). */
  private volatile Instant leaderless;

  private Leadership(String identity, Role role, Clock clock) {
    this.identity = identity;
    this.clock = clock;
    this.role = role;
    this.since = clock.instant();
    this.leaderless = role == Role.ALONE ? null : since;
  }

  /** A process that takes part in the election under {@code identity}: a standby until it wins. */
  public static Leadership electing(String identity, Clock clock) {
    return new Leadership(identity, Role.STANDBY, clock);
  }

  /** A process that runs alone, without an election. */
  public static Leadership alone(Clock clock) {
    return new Leadership(null, Role.ALONE, clock);
  }

  void startedLeading() {
    change(Role.LEADER);
    leader = identity;
    leaderless = null;
  }

  void stoppedLeading() {
    change(Role.STANDBY);
  }

  /** The Lease changed hands; null or blank when it was released and nobody holds it yet. */
  void newLeader(String identity) {
    leader = identity == null || identity.isBlank() ? null : identity;
    if (leader == null && leaderless == null) leaderless = clock.instant();
    if (leader != null) leaderless = null;
    if (!java.util.Objects.equals(leader, this.identity) && role == Role.LEADER) change(Role.STANDBY);
  }

  private void change(Role next) {
    if (role != next) since = clock.instant();
    role = next;
  }

  public Role role() {
    return role;
  }

  /** Whether this process writes: it leads, or there is no election. */
  public boolean reconciles() {
    return role != Role.STANDBY;
  }

  /** This process's identity in the election, empty without one. */
  public Optional<String> identity() {
    return Optional.ofNullable(identity);
  }

  /** The identity of the leader as last seen, empty before any is known. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }

  /**
   * Whether the election has gone without any leader for longer than {@code patience}: nobody
   * reconciles (the Lease cannot be created or read, say, because its namespace is missing).
   */
  public boolean leaderlessFor(Duration patience) {
    var from = leaderless;
    return from != null && Duration.between(from, clock.instant()).compareTo(patience) > 0;
  }

  /** When this process took its current role. */
  public Instant since() {
    return since;
  }
}
