package dev.keelson.operator.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.testing.OperatorProcess;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness tells a standby from a broken process: a standby that watches is ready and says it
 * stands by; the same standby cut off from its API server is not ready (its informers cannot
 * watch), and is ready again once the server is back. (A leader cut off from the server cannot
 * renew its Lease and exits, so its pod restarts.)
 */
class OperatorReadinessIT {
  @Test
  void aStandbyIsReadyAndOneThatCannotWatchIsNot() throws Exception {
    var server = RealApiServer.dedicated();
    try (var proxy = new TcpProxy(server.port());
        var leader = OperatorProcess.start(server, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", "leader"))) {
      Path viaProxy = Files.createTempFile("keelson-kubeconfig-proxy", ".yaml");
      Files.writeString(viaProxy, server.kubeconfigVia(proxy.port()));
      try (var standby = OperatorProcess.start(server, viaProxy, Map.of("KEELSON_LEADER_ELECTION_IDENTITY", "standby"))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> standby.readiness().body().contains("\"leader\": \"leader\""));
        var ready = standby.readiness();
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"role\": \"STANDBY\"");

        proxy.stop();
        await("the cut-off standby to report not ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
            .until(() -> standby.readiness().statusCode() == 503);
        assertThat(standby.readiness().body()).contains("\"role\": \"STANDBY\"");
        assertThat(leader.readiness().statusCode()).as("the leader, still connected, stays ready").isEqualTo(200);

        proxy.start();
        await("the standby to be ready again once it watches").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
            .until(() -> standby.readiness().statusCode() == 200);
      }
    } finally {
      server.stop();
    }
  }
}
