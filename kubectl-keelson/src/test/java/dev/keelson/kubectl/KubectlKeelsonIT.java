package dev.keelson.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.testing.DeploymentController;
import dev.keelson.operator.testing.Kstatus;
import dev.keelson.operator.testing.OperatorTest;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.StatusAssert;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl keelson status} against Keelson at work on a real API server and a second one as a
 * remote target cluster, reached the way Keelson reaches it: through the kubeconfig Secret the
 * Platform names. The tree is a golden file (namespace and the remote's address aside); every
 * object's kstatus verdict is the library's own (sigs.k8s.io/cli-utils, run by the checker).
 * Rewrite the golden file with -Dkeelson.updateGolden=true.
 */
class KubectlKeelsonIT extends OperatorTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "status-tree.txt");
  /** Generous: a Platform with a remote cluster is Ready only after that cluster's first probe, on a loaded machine later. */
  static final Duration WAIT = Duration.ofSeconds(90);
  static RealApiServer remote;

  @BeforeAll
  static void startRemoteCluster() {
    remote = RealApiServer.dedicated();
  }

  @AfterAll
  static void stopRemoteCluster() {
    remote.stop();
  }

  @Test
  void theTreeShowsThePlatformItsClustersItsWorkloadsAndWhatKeelsonMadeAndMarksWhereItIsStuck() throws IOException {
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("edge-kubeconfig").endMetadata()
        .addToStringData("kubeconfig", remote.kubeconfigVia(remote.port())).build()).serverSideApply();
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          profile: dev
          clusters:
          - {name: home, inCluster: true}
          - {name: edge, kubeconfigSecretRef: {name: edge-kubeconfig}}
        """, Platform.class);
    createService("orders");
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: WorkerPool
        metadata: {name: mail}
        spec:
          image: quay.io/keelson/notification-worker:0.1.0
          queue: {topic: order-events}
        """, WorkerPool.class);
    await().atMost(WAIT).until(() -> remote.client().apps().deployments().inNamespace(namespace).withName("orders").get() != null
        && client.apps().deployments().inNamespace(namespace).withName("orders").get() != null);
    DeploymentController.rollOut(client, namespace, "orders");
    DeploymentController.rollOut(remote.client(), namespace, "orders");
    await().atMost(WAIT).until(() -> StatusAssert.isReady(client.resources(KeelsonService.class).inNamespace(namespace).withName("orders")
        .get().getStatus()));
    await().atMost(WAIT).until(() -> StatusAssert.isReady(client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .get().getStatus()));
    await().atMost(WAIT).until(() -> client.resources(WorkerPool.class).inNamespace(namespace).withName("mail").get().getStatus() != null);

    var tree = run("status", "-n", namespace);
    assertThat(tree.code()).as(tree.err()).isZero();
    String normalized = tree.out().replace(namespace, "NS");
    if (Boolean.getBoolean("keelson.updateGolden")) Files.writeString(GOLDEN, normalized);
    assertThat(normalized).isEqualTo(Files.readString(GOLDEN));

    var onlyOrders = run("status", "-n", namespace, "service/orders");
    assertThat(onlyOrders.out()).contains("Service orders").doesNotContain("WorkerPool mail");
  }

  @Test
  void everyObjectsVerdictIsKstatusOwnAndJsonHoldsTheWholeTree() throws IOException {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec: {profile: dev, redis: {}}
        """, Platform.class);
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Service
        metadata: {name: orders}
        spec:
          image: quay.io/keelson/order-service:0.1.0
          ports: [{name: http, port: 8080}]
          autoscaling: {minReplicas: 2, maxReplicas: 4}
        """, KeelsonService.class);
    await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(namespace).withName("orders").get() != null
        && client.apps().statefulSets().inNamespace(namespace).withName("shop-redis").get() != null);

    var json = run("status", "-n", namespace, "-o", "json");
    assertThat(json.code()).as(json.err()).isZero();
    var nodes = new ArrayList<JsonNode>();
    collect(new ObjectMapper().readTree(json.out()).path("platforms"), nodes);
    var made = nodes.stream().filter(n -> n.has("apiVersion") && !n.path("apiVersion").asText().startsWith("platform.keelson.dev")).toList();
    assertThat(made).extracting(n -> n.path("kind").asText()).contains("Deployment", "StatefulSet", "HorizontalPodAutoscaler")
        .doesNotContain("Secret");
    for (var node : made) {
      var live = client.genericKubernetesResources(node.path("apiVersion").asText(), node.path("kind").asText()).inNamespace(namespace)
          .withName(node.path("name").asText()).get();
      assertThat(new Kstatus.Result(node.path("state").asText(), node.path("message").asText()))
          .as("%s %s", node.path("kind").asText(), node.path("name").asText()).isEqualTo(Kstatus.of(live));
    }
    assertThat(json.out()).as("no Secret's data is ever shown").doesNotContain("\"data\"").doesNotContain("password");
  }

  @Test
  void aKubeconfigSecretThatWouldRunACommandIsRefusedAndNothingRuns() throws IOException {
    var marker = Files.createTempDirectory("kubectl-keelson").resolve("ran");
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("evil-kubeconfig").endMetadata()
        .addToStringData("kubeconfig", """
            apiVersion: v1
            kind: Config
            current-context: evil
            contexts: [{name: evil, context: {cluster: evil, user: evil}}]
            clusters: [{name: evil, cluster: {server: "https://127.0.0.1:1"}}]
            users:
            - name: evil
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "touch %s"]}
            """.formatted(marker)).build()).serverSideApply();
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec:
          clusters: [{name: evil, kubeconfigSecretRef: {name: evil-kubeconfig}}]
        """, Platform.class);

    var tree = run("status", "-n", namespace, "-o", "wide");
    assertThat(tree.code()).as(tree.err()).isZero();
    assertThat(tree.out()).contains("the kubeconfig in Secret evil-kubeconfig is refused: Keelson does not accept users[].user.exec");
    assertThat(marker).as("the exec command never ran").doesNotExist();
  }

  @Test
  void aSelectionThatDoesNotExistIsOneLineOnStderrAndExitCodeOne() {
    var missing = run("status", "-n", namespace, "service/nothing");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().trim()).isEqualTo("error: Service nothing not found in namespace " + namespace);
    var badKind = run("status", "-n", namespace, "deployment/orders");
    assertThat(badKind.err().trim()).isEqualTo("error: unknown kind deployment: use platform, service or workerpool");
  }

  @Test
  void watchPrintsAgainWhenSomethingChanges() throws Exception {
    server.create(namespace, """
        apiVersion: platform.keelson.dev/v1alpha1
        kind: Platform
        metadata: {name: shop}
        spec: {profile: dev}
        """, Platform.class);
    await().atMost(WAIT).until(() -> StatusAssert.isReady(client.resources(Platform.class).inNamespace(namespace).withName("shop")
        .get().getStatus()));
    var watching = new Thread(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        return;
      }
      createService("late");
    });
    watching.start();
    var watched = run("status", "-n", namespace, "--watch", "--interval", "300ms", "--watch-limit", "2");
    watching.join();
    assertThat(watched.code()).isZero();
    assertThat(watched.out().split("\n---\n")).hasSize(2);
    assertThat(watched.out().split("\n---\n")[1]).contains("Service late");
  }

  private static void collect(JsonNode nodes, List<JsonNode> into) {
    for (var node : nodes) {
      into.add(node);
      collect(node.path("children"), into);
    }
  }

  record Run(int code, String out, String err) {}

  private Run run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = KubectlKeelson.run(server::newClient, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
