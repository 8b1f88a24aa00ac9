package dev.keelson.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** Records what it would emit instead of writing Events. */
  static final class Recording extends EventRecorder {
    final List<String> emitted = new ArrayList<>();

    Recording() {
      super(null, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Override
    void emit(io.fabric8.kubernetes.api.model.HasMetadata owner, String type, String reason, String message) {
      emitted.add(type + " " + reason + (message.startsWith("cluster ") ? " " + message : ""));
    }
  }

  @Test
  void oneEventPerChangeOfReadinessEvenWhenAReconcileStartsFromAnOlderStatus() {
    var recorder = new Recording();
    var service = new KeelsonService();
    service.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").withUid("u-1").build());
    var progressing = Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "0/2 pods available").conditions(null, 1, T0);
    var ready = Verdict.ready(Reason.AVAILABLE, "2/2 pods available").conditions(progressing, 1, T0);

    recorder.onReadyChange(service, null, progressing);
    recorder.onReadyChange(service, null, progressing); // a reconcile that still saw no status
    recorder.onReadyChange(service, progressing, ready);
    recorder.onReadyChange(service, progressing, ready); // and one that still saw the old one
    recorder.onReadyChange(service, ready, ready);

    assertThat(recorder.emitted).as("a new object progressing is not news; its becoming ready is").containsExactly("Normal Available");
  }

  @Test
  void aFirstStatusThatIsReadyOrAWarningIsAnEventAndAChangeFromProgressingIsToo() {
    var recorder = new Recording();
    var service = new KeelsonService();
    service.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").withUid("u-4").build());
    var ready = Verdict.ready(Reason.AVAILABLE, "2/2 pods available").conditions(null, 1, T0);
    var progressing = Verdict.progressing(Reason.DEPLOYMENT_PROGRESSING, "1/2 pods available").conditions(ready, 2, T0);
    recorder.onReadyChange(service, null, ready);
    recorder.onReadyChange(service, ready, progressing);
    assertThat(recorder.emitted).containsExactly("Normal Available", "Normal DeploymentProgressing");
  }

  @Test
  void aFailureIsAWarning() {
    var recorder = new Recording();
    var service = new KeelsonService();
    service.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").withUid("u-2").build());
    recorder.onReadyChange(service, null, Verdict.blocked(Reason.INVALID_SPEC, "bad").conditions(null, 1, T0));
    assertThat(recorder.emitted).containsExactly("Warning InvalidSpec");
  }

  @Test
  void aClusterOfSeveralThatGoesDownAndComesBackIsAnEventEachTimeAndASingleClusterIsNot() {
    var recorder = new Recording();
    var platform = new dev.keelson.operator.api.v1alpha1.Platform();
    platform.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").withUid("u-3").build());
    var up = List.of(cluster("aws", true, "ClusterReady", "cluster reachable"), cluster("ovh", true, "ClusterReady", "cluster reachable"));
    var down = List.of(cluster("aws", true, "ClusterReady", "cluster reachable"),
        cluster("ovh", false, "ClusterUnreachable", "its API server cannot be reached"));

    recorder.onClustersChange(platform, null, up);
    recorder.onClustersChange(platform, up, up);
    recorder.onClustersChange(platform, up, down);
    recorder.onClustersChange(platform, up, down); // a reconcile that still saw the old status
    recorder.onClustersChange(platform, down, up);
    recorder.onClustersChange(platform, List.of(up.get(0)), List.of(down.get(1)));

    assertThat(recorder.emitted).containsExactly(
        "Warning ClusterUnreachable cluster ovh: its API server cannot be reached",
        "Normal ClusterReady cluster ovh: cluster reachable");
  }

  @Test
  void aClusterOnlyConnectingAfterARestartIsNoNews() {
    var recorder = new Recording();
    var platform = new dev.keelson.operator.api.v1alpha1.Platform();
    platform.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").withUid("u-4").build());
    var down = List.of(cluster("aws", true, "ClusterReady", "cluster reachable"),
        cluster("ovh", false, "ClusterUnreachable", "its API server cannot be reached"));
    var connecting = List.of(cluster("aws", true, "ClusterReady", "cluster reachable"),
        cluster("ovh", false, "ClusterConnecting", "connecting to its API server"));
    recorder.onClustersChange(platform, down, connecting);
    recorder.onClustersChange(platform, connecting, down);
    assertThat(recorder.emitted).isEmpty();
  }

  private static dev.keelson.operator.api.v1alpha1.ClusterStatus cluster(String name, boolean ready, String reason, String message) {
    return new dev.keelson.operator.api.v1alpha1.ClusterStatus(name, ready, reason, message, 1L, null, null);
  }
}
