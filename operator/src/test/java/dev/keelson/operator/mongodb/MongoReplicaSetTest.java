package dev.keelson.operator.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.MongoDbStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.mongodb.MongoAdmin.MongoUser;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.GoldenFiles;
import dev.keelson.operator.testing.TestingMongoAdmin;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The replica set's members and the workloads' users against a replica set in memory
 * ({@link TestingMongoAdmin}): one member changed per step, the primary stepping down before it
 * leaves, a change refused where it would leave no healthy majority, users put and dropped, and a
 * member that does not answer. MongoReplicaSetIT proves the commands against a MongoDB wire server.
 */
class MongoReplicaSetTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final TargetCluster LOCAL = new TargetCluster(TargetCluster.LOCAL, null, null, null, true);
  static final MongoUser ORDERS = new MongoUser("orders", "service.orders", "o-1");

  final TestingMongoAdmin mongo = new TestingMongoAdmin();
  final MongoReplicaSet replicaSet = new MongoReplicaSet(new MongoConnections(mongo, new LongAdder(), null, true));
  Instant now = T0;

  @Test
  void aNewReplicaSetIsInitiatedWithItsFirstMemberAndGrowsOneMemberAtATime() {
    var three = model(3, 0);
    var initiated = sync(three, List.of(ORDERS), 1, null);
    assertThat(initiated.status().reason()).isEqualTo(Reason.MEMBERS_CHANGING.toString());
    assertThat(initiated.status().message()).isEqualTo("initiating replica set shop-mongodb with " + three.memberHost(0));
    assertThat(initiated.retry()).isTrue();
    assertThat(mongo.config().hosts()).containsExactly(three.memberHost(0));

    var waiting = sync(three, List.of(ORDERS), 1, initiated.status());
    assertThat(waiting.status().message()).isEqualTo("waiting for " + three.memberHost(1) + " to start");

    var second = sync(three, List.of(ORDERS), 3, waiting.status());
    assertThat(second.status().members()).isEqualTo(2);
    var third = sync(three, List.of(ORDERS), 3, second.status());
    assertThat(mongo.config().hosts()).containsExactly(three.memberHost(0), three.memberHost(1), three.memberHost(2));
    assertThat(mongo.config().version()).isEqualTo(3);
    assertThat(mongo.users).as("no user before the members are as wanted").isEmpty();

    var ready = sync(three, List.of(ORDERS), 3, third.status());
    assertThat(ready.retry()).isFalse();
    assertThat(ready.status()).isEqualTo(new MongoDbStatus(true, Reason.REPLICA_SET_READY.toString(),
        "3 member(s), primary " + three.memberHost(0) + "; 1 workload user(s)", 3, three.memberHost(0), 1, ready.status().lastSyncTime()));
    assertThat(mongo.users).containsOnlyKeys("orders.service.orders");
    assertThat(mongo.users.get("orders.service.orders").password()).isEqualTo("o-1");
  }

  @Test
  void aPrimaryThatIsToLeaveStepsDownFirstAndMembersLeaveOneAtATime() {
    var converged = converge(model(3, 0));
    mongo.elect(model(3, 0).memberHost(2));
    var one = model(1, 3);

    var stepDown = sync(one, List.of(ORDERS), 3, converged);
    assertThat(stepDown.status().message()).isEqualTo(one.memberHost(2) + " is the primary and steps down before it leaves");
    assertThat(mongo.primary()).isNotEqualTo(one.memberHost(2));
    assertThat(mongo.config().members()).hasSize(3);

    var removed = sync(one, List.of(ORDERS), 3, stepDown.status());
    assertThat(removed.status().message()).isEqualTo("removing " + one.memberHost(2));
    var removedAgain = sync(one, List.of(ORDERS), 3, removed.status());
    assertThat(removedAgain.status().members()).isEqualTo(1);
    assertThat(sync(one, List.of(ORDERS), 3, removedAgain.status()).status().ready()).isTrue();
    assertThat(mongo.config().hosts()).containsExactly(one.memberHost(0));
  }

  @Test
  void aMemberIsNotAddedWhileTheCurrentMembersHaveNoHealthyMajority() {
    var three = model(3, 0);
    var converged = converge(three);
    mongo.down(three.memberHost(1)).down(three.memberHost(2));
    int reconfigurations = (int) mongo.calls.stream().filter(c -> c.contains("replSetReconfig")).count();

    var refused = sync(model(5, 3), List.of(ORDERS), 5, converged);
    assertThat(refused.status().reason()).isEqualTo(Reason.MEMBER_CHANGE_REFUSED.toString());
    assertThat(refused.status().message()).startsWith("adding " + three.memberHost(3) + " while only 1 of 3 members are healthy, no majority");
    assertThat(refused.retry()).isTrue();
    assertThat(mongo.calls.stream().filter(c -> c.contains("replSetReconfig"))).hasSize(reconfigurations);
  }

  @Test
  void aRotationPutsTheNewUserThenDropsTheOldOneAndUsersKeelsonDoesNotManageAreLeftAlone() {
    mongo.existingUser("analytics", "reporting");
    var one = model(1, 0);
    var converged = converge(one);
    var rotated = new MongoUser("orders", "service.orders.r1", "o-2");

    mongo.calls.clear();
    var during = sync(one, List.of(rotated, ORDERS), 1, converged);
    assertThat(mongo.calls).filteredOn(c -> c.contains("User"))
        .containsExactly(one.memberHost(0) + " createUser service.orders.r1");
    assertThat(during.status().users()).isEqualTo(2);

    sync(one, List.of(rotated), 1, during.status());
    assertThat(mongo.users).containsOnlyKeys("analytics.reporting", "orders.service.orders.r1");
  }

  @Test
  void aMemberThatDoesNotAnswerIsReportedWithWhatWasKnownAndRetried() {
    var one = model(1, 0);
    var converged = converge(one);
    mongo.down(one.memberHost(0));
    var down = sync(one, List.of(ORDERS, new MongoUser("orders", "service.orders.r1", "o-2")), 1, converged);
    assertThat(down.status().reason()).isEqualTo(Reason.MONGO_DB_UNAVAILABLE.toString());
    assertThat(down.status().message()).isEqualTo("MongoDB member " + one.memberHost(0) + ": Timed out connecting");
    assertThat(down.status().members()).as("the members as last known").isEqualTo(1);
    assertThat(down.retry()).isTrue();

    mongo.up(one.memberHost(0));
    var back = sync(one, List.of(ORDERS, new MongoUser("orders", "service.orders.r1", "o-2")), 1, down.status());
    assertThat(back.status().ready()).isTrue();
    assertThat(mongo.users).containsKey("orders.service.orders.r1");
  }

  /** Syncs until the replica set is ready; its status. */
  private MongoDbStatus converge(MongoModel model) {
    MongoDbStatus status = null;
    for (int step = 0; step < 10; step++) {
      status = sync(model, List.of(ORDERS), model.memberHosts().size(), status).status();
      if (status.ready()) return status;
    }
    throw new AssertionError("not ready after 10 syncs: " + status);
  }

  private MongoReplicaSet.Outcome sync(MongoModel model, List<MongoUser> users, int readyPods, MongoDbStatus previous) {
    now = now.plusSeconds(5);
    return replicaSet.sync("p-1@local", LOCAL, model, "admin", null, users, readyPods, previous, now);
  }

  private static MongoModel model(int members, int configured) {
    var platform = GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: shop, uid: p-1}
        spec: {profile: prod, mongodb: {members: %d}}
        """.formatted(members), Platform.class);
    return MongoModel.resolve(platform, LOCAL, "keelson-system", configured);
  }
}
