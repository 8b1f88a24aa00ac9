package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A simulated Node on a bare API server: kwok (built by {@code hack/envtest-binaries.sh --cluster})
 * makes the Pods bound to it Running, and serves the kubelet's port-forward for them, sending each
 * forwarded pod port to a server of the test on the loopback interface. So a port-forward through
 * the real API server (what Keelson does to reach a remote cluster's data services) ends at a real
 * redis-server or MongoDB stand-in.
 */
public final class KwokNode implements AutoCloseable {
  public static final String NAME = "kwok-node";
  private final Process process;
  private final Path dir;
  private final RealApiServer server;

  private KwokNode(Process process, Path dir, RealApiServer server) {
    this.process = process;
    this.dir = dir;
    this.server = server;
  }

  /**
   * Starts kwok against the server and registers its Node.
   *
   * @param forwards pod port → loopback port it is forwarded to, for every pod on the Node
   */
  public static KwokNode start(RealApiServer server, Map<Integer, Integer> forwards) throws IOException {
    Path binaries = RealApiServer.toolsDir().resolve("k8s").resolve(RealApiServer.K8S_VERSION + "-linux-amd64");
    Path kwok = binaries.resolve("kwok");
    Path stages = binaries.resolve("kwok-stages.yaml");
    if (!Files.isExecutable(kwok) || !Files.isRegularFile(stages)) {
      throw new IllegalStateException(kwok + " is missing: run hack/envtest-binaries.sh --cluster first (it builds kwok)");
    }
    Path dir = Files.createTempDirectory("keelson-kwok");
    var rules = new StringBuilder("""
        apiVersion: kwok.x-k8s.io/v1alpha1
        kind: ClusterPortForward
        metadata: {name: to-the-tests-servers}
        spec:
          forwards:
        """);
    forwards.forEach((pod, local) -> rules.append("  - {ports: [%d], target: {address: 127.0.0.1, port: %d}}\n".formatted(pod, local)));
    Files.writeString(dir.resolve("port-forward.yaml"), rules.toString());
    int port = Ports.free();
    var command = new ArrayList<>(List.of(kwok.toString(), "--kubeconfig", server.kubeconfigFile().toString(),
        "--config", stages.toString(), "--config", dir.resolve("port-forward.yaml").toString(),
        "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector", "kwok.x-k8s.io/node=fake",
        "--server-address", "127.0.0.1:" + port));
    var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("kwok.log").toFile()).start();
    var node = new KwokNode(process, dir, server);
    // The API server dials the Node's kubelet at its address and port: kwok's, on loopback. The
    // Hostname address too, which the API server prefers and which kwok would otherwise rewrite.
    server.client().nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(NAME).withAnnotations(Map.of("kwok.x-k8s.io/node", "fake")).endMetadata()
        .withNewStatus()
        .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
        .addNewAddress().withType("Hostname").withAddress("localhost").endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(port).endKubeletEndpoint().endDaemonEndpoints()
        .endStatus().build()).create();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!process.isAlive()) throw new IllegalStateException("kwok stopped; see " + dir.resolve("kwok.log"));
      var ready = server.client().nodes().withName(NAME).get().getStatus().getConditions();
      return ready != null && ready.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    });
    return node;
  }

  /**
   * Plays the StatefulSet controller for the pods of a StatefulSet Keelson made: creates them
   * bound to this Node (kwok runs them), then marks the StatefulSet ready.
   */
  public void runStatefulSet(String namespace, String name) {
    var statefulSets = server.client().apps().statefulSets().inNamespace(namespace).withName(name);
    var statefulSet = Awaitility.await().atMost(Duration.ofSeconds(30)).until(statefulSets::get, java.util.Objects::nonNull);
    int replicas = statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
    var template = statefulSet.getSpec().getTemplate();
    // No volume controller runs: each claim of the template is an emptyDir here.
    var claims = statefulSet.getSpec().getVolumeClaimTemplates() == null ? List.<io.fabric8.kubernetes.api.model.PersistentVolumeClaim>of()
        : statefulSet.getSpec().getVolumeClaimTemplates();
    for (int i = 0; i < replicas; i++) {
      var pods = server.client().pods().inNamespace(namespace).withName(name + "-" + i);
      if (pods.get() != null) continue;
      var spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec()).withNodeName(NAME);
      claims.forEach(c -> spec.addNewVolume().withName(c.getMetadata().getName()).withNewEmptyDir().endEmptyDir().endVolume());
      server.client().pods().inNamespace(namespace).resource(new PodBuilder()
          .withNewMetadata().withName(name + "-" + i).withLabels(template.getMetadata().getLabels()).endMetadata()
          .withSpec(spec.build()).build()).create();
    }
    StatefulSetController.rollOut(server.client(), namespace, name);
  }


  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    server.client().nodes().withName(NAME).delete();
  }
}
