package dev.keelson.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.redis.RedisAdmin.RedisNode;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.GoldenFiles;
import dev.keelson.operator.testing.TestingRedisAdmin;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The workloads' ACL users against Redis instances in memory ({@link TestingRedisAdmin}): what is
 * set, deleted and saved on which instance, what is left alone, and what an instance that does not
 * answer does to the status. RedisAclUsersIT proves the same against real redis-servers.
 */
class RedisAclUsersTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final RedisNode FIRST = new RedisNode("10.0.0.1", 6379);
  static final RedisNode SECOND = new RedisNode("10.0.0.2", 6379);
  static final TargetCluster LOCAL = new TargetCluster(TargetCluster.LOCAL, null, null, null, true);
  static final RedisUser ORDERS = new RedisUser("service.orders", "orders", List.of("o-1"));
  static final RedisUser MAIL = new RedisUser("workerpool.mail", "mail", List.of("m-1"));

  final TestingRedisAdmin redis = new TestingRedisAdmin().instance(FIRST, "admin").instance(SECOND, "admin");
  final RedisConnections connections = new RedisConnections(redis, new LongAdder(), List.of(FIRST, SECOND));
  final RedisAclUsers aclUsers = new RedisAclUsers(connections);
  final RedisModel model = RedisModel.resolve(platform(), LOCAL, "keelson-system");

  @Test
  void theUsersAreSetOnEveryInstanceAndSavedAndAnUnchangedStateAsksNothingUntilTheResync() {
    var first = sync(List.of(ORDERS, MAIL), null, T0);
    assertThat(first.retry()).isFalse();
    assertThat(first.status()).isEqualTo(new RedisStatus(true, Reason.USERS_READY.toString(), "2 ACL user(s) on 2 instance(s)", 2,
        "2026-12-01T10:00:00Z"));
    for (var node : List.of(FIRST, SECOND)) {
      assertThat(redis.users.get(node)).containsKeys("default", "service.orders", "workerpool.mail");
      assertThat(redis.users.get(node).get("service.orders")).isEqualTo(ORDERS.rules());
      assertThat(redis.saved.get(node)).as("in the ACL file: a restart keeps them").isEqualTo(redis.users.get(node));
    }

    redis.calls.clear();
    assertThat(sync(List.of(ORDERS, MAIL), first.status(), T0.plusSeconds(60)).status()).isEqualTo(first.status());
    assertThat(redis.calls).as("nothing changed: Redis is not asked").isEmpty();

    var resynced = sync(List.of(ORDERS, MAIL), first.status(), T0.plus(RedisAclUsers.RESYNC));
    assertThat(redis.calls).as("the resync looks, and finds nothing to send")
        .containsExactly("10.0.0.1:6379 connect", "10.0.0.1:6379 users", "10.0.0.2:6379 connect", "10.0.0.2:6379 users");
    assertThat(resynced.status()).as("an unchanged state keeps its time").isEqualTo(first.status());
  }

  @Test
  void aUserNoWorkloadDeclaresAnyMoreIsDeletedAndUsersKeelsonDoesNotManageAreLeftAlone() {
    redis.existingUser(FIRST, "monitoring");
    var both = sync(List.of(ORDERS, MAIL), null, T0);
    redis.calls.clear();
    var one = sync(List.of(ORDERS), both.status(), T0.plusSeconds(5));
    assertThat(redis.calls).containsSubsequence("10.0.0.1:6379 deleteUsers workerpool.mail", "10.0.0.1:6379 saveAcl")
        .containsSubsequence("10.0.0.2:6379 deleteUsers workerpool.mail", "10.0.0.2:6379 saveAcl")
        .noneMatch(c -> c.contains("setUser"));
    assertThat(redis.users.get(FIRST)).containsOnlyKeys("default", "monitoring", "service.orders");
    assertThat(one.status().users()).isEqualTo(1);
  }

  @Test
  void aRotationSendsOnlyTheRotatedUserWithBothPasswords() {
    var before = sync(List.of(ORDERS, MAIL), null, T0);
    redis.calls.clear();
    var rotated = new RedisUser("service.orders", "orders", List.of("o-2", "o-1"));
    sync(List.of(rotated, MAIL), before.status(), T0.plusSeconds(5));
    assertThat(redis.calls).filteredOn(c -> c.contains("setUser"))
        .containsExactly("10.0.0.1:6379 setUser service.orders", "10.0.0.2:6379 setUser service.orders");
    assertThat(redis.users.get(SECOND).get("service.orders")).contains(">o-2", ">o-1");
  }

  @Test
  void anInstanceThatDoesNotAnswerIsReportedAndRetriedWhileTheOtherGetsItsUsers() {
    redis.down(SECOND);
    var down = sync(List.of(ORDERS), null, T0);
    assertThat(down.retry()).isTrue();
    assertThat(down.status().ready()).isFalse();
    assertThat(down.status().reason()).isEqualTo(Reason.REDIS_UNAVAILABLE.toString());
    assertThat(down.status().message()).isEqualTo("Redis at 10.0.0.2:6379: Connection refused");
    assertThat(redis.users.get(FIRST)).containsKey("service.orders");

    redis.up(SECOND);
    var back = sync(List.of(ORDERS), down.status(), T0.plusSeconds(5));
    assertThat(back.status().ready()).as("a failed sync is tried again at once, unchanged or not").isTrue();
    assertThat(redis.users.get(SECOND)).containsKey("service.orders");
  }

  @Test
  void aUserRemovedBehindKeelsonsBackIsPutBackAtTheResyncOnThatInstanceOnly() {
    var first = sync(List.of(ORDERS), null, T0);
    redis.users.get(FIRST).remove("service.orders");
    redis.calls.clear();
    sync(List.of(ORDERS), first.status(), T0.plus(RedisAclUsers.RESYNC));
    assertThat(redis.calls).filteredOn(c -> c.contains("setUser") || c.contains("saveAcl"))
        .containsExactly("10.0.0.1:6379 setUser service.orders", "10.0.0.1:6379 saveAcl");
  }

  @Test
  void aWrongAdministratorPasswordIsReportedInRedisOwnWords() {
    var refused = aclUsers.sync("p-1", LOCAL, model, "not-the-password", null, List.of(ORDERS), null, T0);
    assertThat(refused.retry()).isTrue();
    assertThat(refused.status().message()).contains("WRONGPASS");
    assertThat(redis.users.get(FIRST)).containsOnlyKeys("default");
  }

  private RedisAclUsers.Outcome sync(List<RedisUser> users, RedisStatus previous, Instant now) {
    return aclUsers.sync("p-1", LOCAL, model, "admin", null, users, previous, now);
  }

  private static Platform platform() {
    return GoldenFiles.YAML.unmarshal("""
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop, namespace: shop, uid: p-1}
        spec: {profile: dev, redis: {}}
        """, Platform.class);
  }
}
