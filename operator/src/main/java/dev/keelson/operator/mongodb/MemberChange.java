package dev.keelson.operator.mongodb;

import dev.keelson.operator.mongodb.MongoAdmin.ConfigMember;
import dev.keelson.operator.mongodb.MongoAdmin.MemberStatus;
import dev.keelson.operator.mongodb.MongoAdmin.ReplicaSetConfig;
import dev.keelson.operator.mongodb.MongoAdmin.ReplicaSetStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The next step towards the replica set's wanted members: a pure function of what the members
 * report. Members change one at a time, each step only once the set has a primary, and never to a
 * configuration whose healthy members would not be a majority: 3 → 1 goes through 2.
 *
 * @param config the configuration to initiate or reconfigure to; null for the other kinds
 */
public record MemberChange(Kind kind, ReplicaSetConfig config, String message) {
  /** What to do. */
  public enum Kind {
    /** The members are as wanted. */
    NONE,
    /** Nothing can be done yet (a member is starting, there is no primary). */
    WAIT,
    INITIATE,
    RECONFIGURE,
    /** The member to remove is the primary: it steps down first. */
    STEP_DOWN,
    /** The change would leave no healthy majority: not done, and reported. */
    REFUSED
  }

  /**
   * @param config the current configuration, null when not initialized
   * @param readyPods pods of the StatefulSet that are ready
   */
  public static MemberChange next(ReplicaSetStatus status, ReplicaSetConfig config, MongoModel model, int readyPods) {
    var wanted = model.memberHosts();
    if (!status.initialized()) {
      if (readyPods < 1) return new MemberChange(Kind.WAIT, null, "waiting for member " + wanted.get(0) + " to start");
      return new MemberChange(Kind.INITIATE, new ReplicaSetConfig(model.replicaSetName(), 1, List.of(new ConfigMember(0, wanted.get(0)))),
          "initiating replica set " + model.replicaSetName() + " with " + wanted.get(0));
    }
    if (status.primary().isEmpty()) return new MemberChange(Kind.WAIT, null, "replica set " + model.replicaSetName() + " has no primary yet");
    var hosts = config.hosts();
    long healthy = hosts.stream().filter(status::healthy).count();
    if (hosts.size() < wanted.size()) {
      String host = wanted.get(hosts.size());
      if (readyPods < hosts.size() + 1) return new MemberChange(Kind.WAIT, null, "waiting for " + host + " to start");
      // MongoDB adds a member without a vote until it has caught up: the current members' majority is what counts.
      if (healthy < majority(hosts.size())) {
        return refused("adding " + host + " while only " + healthy + " of " + hosts.size() + " members are healthy, no majority");
      }
      var members = new ArrayList<>(config.members());
      members.add(new ConfigMember(config.members().stream().mapToInt(ConfigMember::id).max().orElse(-1) + 1, host));
      return new MemberChange(Kind.RECONFIGURE, new ReplicaSetConfig(config.name(), config.version() + 1, members), "adding " + host);
    }
    if (hosts.size() > wanted.size()) {
      var leaving = config.members().get(config.members().size() - 1);
      if (status.primary().map(MemberStatus::host).filter(leaving.host()::equals).isPresent()) {
        return new MemberChange(Kind.STEP_DOWN, null, leaving.host() + " is the primary and steps down before it leaves");
      }
      var remaining = config.members().subList(0, config.members().size() - 1);
      long healthyRemaining = remaining.stream().map(ConfigMember::host).filter(status::healthy).count();
      if (healthyRemaining < majority(remaining.size())) {
        return refused("removing " + leaving.host() + " would leave " + healthyRemaining + " of " + remaining.size()
            + " members healthy, no majority");
      }
      return new MemberChange(Kind.RECONFIGURE, new ReplicaSetConfig(config.name(), config.version() + 1, remaining),
          "removing " + leaving.host());
    }
    return new MemberChange(Kind.NONE, null, hosts.size() + " member(s), primary " + status.primary().get().host());
  }

  static int majority(int members) {
    return members / 2 + 1;
  }

  private static MemberChange refused(String why) {
    return new MemberChange(Kind.REFUSED, null, why + "; Keelson retries once the unhealthy members recover");
  }
}
