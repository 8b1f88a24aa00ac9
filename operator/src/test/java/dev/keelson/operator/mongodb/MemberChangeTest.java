package dev.keelson.operator.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.DeletionPolicy;
import dev.keelson.operator.mongodb.MemberChange.Kind;
import dev.keelson.operator.mongodb.MongoAdmin.ConfigMember;
import dev.keelson.operator.mongodb.MongoAdmin.MemberStatus;
import dev.keelson.operator.mongodb.MongoAdmin.ReplicaSetConfig;
import dev.keelson.operator.mongodb.MongoAdmin.ReplicaSetStatus;
import dev.keelson.operator.dataservice.DataServiceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemberChangeTest {

  @Test
  void aNewSetIsInitiatedWithItsFirstMemberOnceThatPodIsUp() {
    assertThat(MemberChange.next(ReplicaSetStatus.NOT_INITIALIZED, null, model(3), 0).kind()).isEqualTo(Kind.WAIT);
    var change = MemberChange.next(ReplicaSetStatus.NOT_INITIALIZED, null, model(3), 1);
    assertThat(change.kind()).isEqualTo(Kind.INITIATE);
    assertThat(change.config()).isEqualTo(new ReplicaSetConfig("shop-mongodb", 1, List.of(new ConfigMember(0, host(0)))));
  }

  @Test
  void membersAreAddedOneAtATimeAsTheirPodsComeUp() {
    var change = MemberChange.next(status(1, 0), config(1), model(3), 1);
    assertThat(change.kind()).isEqualTo(Kind.WAIT);
    assertThat(change.message()).isEqualTo("waiting for " + host(1) + " to start");

    change = MemberChange.next(status(1, 0), config(1), model(3), 3);
    assertThat(change.kind()).isEqualTo(Kind.RECONFIGURE);
    assertThat(change.config().version()).isEqualTo(2);
    assertThat(change.config().hosts()).containsExactly(host(0), host(1));
  }

  @Test
  void nothingChangesWithoutAPrimary() {
    var noPrimary = new ReplicaSetStatus(true, List.of(new MemberStatus(0, host(0), true, "SECONDARY")));
    assertThat(MemberChange.next(noPrimary, config(1), model(3), 3).kind()).isEqualTo(Kind.WAIT);
  }

  @Test
  void threeGoToOneThroughTwoAndThePrimaryStepsDownBeforeItLeaves() {
    var change = MemberChange.next(status(3, 0), config(3), model(1), 3);
    assertThat(change.kind()).isEqualTo(Kind.RECONFIGURE);
    assertThat(change.config().hosts()).containsExactly(host(0), host(1));

    var primaryLeaving = MemberChange.next(status(2, 1), config(2), model(1), 2);
    assertThat(primaryLeaving.kind()).isEqualTo(Kind.STEP_DOWN);
  }

  @Test
  void aRemovalThatLeavesNoHealthyMajorityIsRefused() {
    var members = new ArrayList<>(status(3, 0).members());
    members.set(1, new MemberStatus(1, host(1), false, "(not reachable/healthy)"));
    var change = MemberChange.next(new ReplicaSetStatus(true, members), config(3), model(1), 3);
    assertThat(change.kind()).isEqualTo(Kind.REFUSED);
    assertThat(change.message()).startsWith("removing " + host(2) + " would leave 1 of 2 members healthy, no majority");
  }

  @Test
  void anAdditionWithoutAHealthyMajorityIsRefused() {
    var members = List.of(new MemberStatus(0, host(0), true, "PRIMARY"), new MemberStatus(1, host(1), false, "(not reachable/healthy)"),
        new MemberStatus(2, host(2), false, "(not reachable/healthy)"));
    var change = MemberChange.next(new ReplicaSetStatus(true, members), config(3), model(5), 5);
    assertThat(change.kind()).isEqualTo(Kind.REFUSED);
  }

  @Test
  void theWantedMembersAreNoChange() {
    assertThat(MemberChange.next(status(3, 0), config(3), model(3), 3).kind()).isEqualTo(Kind.NONE);
  }

  private static MongoModel model(int members) {
    return new MongoModel(true, "shop", "shop", members, members, "20Gi", "7.0",
        new DataServiceSettings(null, DeletionPolicy.Retain, false, true, "keelson-system", List.of()), null);
  }

  private static String host(int ordinal) {
    return "shop-mongodb-" + ordinal + ".shop-mongodb.shop.svc:27017";
  }

  private static ReplicaSetConfig config(int members) {
    return new ReplicaSetConfig("shop-mongodb", members, IntStream.range(0, members).mapToObj(i -> new ConfigMember(i, host(i))).toList());
  }

  private static ReplicaSetStatus status(int members, int primary) {
    return new ReplicaSetStatus(true, IntStream.range(0, members)
        .mapToObj(i -> new MemberStatus(i, host(i), true, i == primary ? "PRIMARY" : "SECONDARY")).toList());
  }
}
