package dev.keelson.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.service.ServiceBenchmarks;
import dev.keelson.operator.status.Conditions;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.testing.BenchmarkReport;
import dev.keelson.operator.testing.OperatorProcess;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.TcpProxy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The multi-cluster benchmark (not part of the test suite; run by {@code hack/bench-multicluster.sh}):
 * N Services (default 100) of one Platform on three remote clusters, each a real API server of its
 * own behind a {@link TcpProxy}, reconciled by the packaged operator from a fourth.
 * <ol>
 *   <li>Baseline, same run: a plain client applying the same objects to the three clusters with
 *       the operator's 20 threads (the servers' raw server-side-apply rate);
 *   <li>convergence: from creating the Services until each reports its spec applied on all three;
 *   <li>change latency with all clusters up: an image change of one Service after another, timed
 *       until every cluster's Deployment has it;
 *   <li>one cluster down (its proxy refusing connections): how soon the Platform reports it, then
 *       the change latency on the two healthy clusters, and the ratio to the all-up figure
 *       (target ≤ 1.2);
 *   <li>the cluster back: how soon it has every change made while it was down.
 * </ol>
 * Nothing here asserts a duration.
 */
class MultiClusterBenchmark {
  static final int THREADS = 20;
  static final List<String> NAMES = List.of("aws-prod", "hetzner-staging", "ovh-dev");
  static final String DOWN = "ovh-dev";

  @Test
  void run() throws Exception {
    int n = Integer.getInteger("keelson.bench.services", 100);
    int changes = Integer.getInteger("keelson.bench.changes", 20);
    var management = RealApiServer.dedicated();
    var remote = new LinkedHashMap<String, RealApiServer>();
    var proxies = new LinkedHashMap<String, TcpProxy>();
    try {
      for (String name : NAMES) {
        var server = RealApiServer.dedicated();
        remote.put(name, server);
        proxies.put(name, new TcpProxy(server.port()));
      }
      double rawRate = baseline(remote, n);

      KubernetesClient client = management.client();
      String ns = management.createNamespace("bench");
      for (String name : NAMES) {
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name + "-kubeconfig").endMetadata()
            .addToStringData("kubeconfig", remote.get(name).kubeconfigVia(proxies.get(name).port())).build()).create();
      }
      try (var operator = OperatorProcess.start(management); var watch = new Deployments(remote, ns)) {
        long start = System.nanoTime();
        client.resource(platform(client, ns)).create();
        for (int i = 0; i < n; i++) client.resource(ServiceBenchmarks.service(ns, "svc-" + i)).create();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500)).until(() -> appliedEverywhere(client, ns, 1) == n);
        double seconds = (System.nanoTime() - start) / 1e9;
        int objects = ServiceBenchmarks.objectsPerService(ns);
        double keelsonRate = n * objects * NAMES.size() / seconds;

        int k = Math.min(changes, n / 2);
        var allUp = changeLatency(client, ns, watch, 0, k, "0.2.0", NAMES);

        long downAt = System.nanoTime();
        proxies.get(DOWN).stop();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> reportsDown(client, ns));
        double detectSeconds = (System.nanoTime() - downAt) / 1e9;
        var healthy = NAMES.stream().filter(c -> !c.equals(DOWN)).toList();
        var oneDown = changeLatency(client, ns, watch, k, 2 * k, "0.3.0", healthy);

        long upAt = System.nanoTime();
        proxies.get(DOWN).start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> watch.allHave(DOWN, k, 2 * k, "0.3.0"));
        double recoverSeconds = (System.nanoTime() - upAt) / 1e9;

        String report = "| Services × clusters | raw SSA (objects/s) | Keelson converged in | Keelson (objects/s) | ratio "
            + "| change, all up: p50 / p99 / max (ms) | down detected in | change, one down (2 healthy): p50 / p99 / max (ms) "
            + "| p50 ratio down/up | back: its changes in |\n|---|---|---|---|---|---|---|---|---|---|\n"
            + String.format("| %d × %d | %.0f | %.1f s | %.0f | %.2f | %s | %.1f s | %s | %.2f | %.1f s |%n", n, NAMES.size(), rawRate,
                seconds, keelsonRate, keelsonRate / rawRate, allUp.summary(), detectSeconds, oneDown.summary(),
                oneDown.p50() / allUp.p50(), recoverSeconds);
        BenchmarkReport.publish("multicluster", report);
      }
    } finally {
      proxies.values().forEach(TcpProxy::close);
      remote.values().forEach(RealApiServer::stop);
      management.stop();
    }
  }

  private static Platform platform(KubernetesClient client, String ns) {
    var yaml = new StringBuilder("apiVersion: platform.keelson.dev/v1alpha1\nkind: Platform\nmetadata: {name: shop, namespace: " + ns
        + "}\nspec:\n  profile: dev\n  clusters:\n");
    for (String name : NAMES) {
      yaml.append("  - {name: ").append(name).append(", kubeconfigSecretRef: {name: ").append(name).append("-kubeconfig}}\n");
    }
    return client.getKubernetesSerialization().unmarshal(yaml.toString(), Platform.class);
  }

  /** A plain client per cluster applying what the operator would, 20 threads in all: the servers' raw rate. */
  private static double baseline(Map<String, RealApiServer> remote, int n) throws Exception {
    var objects = new ArrayList<Map.Entry<KubernetesClient, HasMetadata>>();
    for (var server : remote.values()) {
      var client = server.client();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("baseline").endMetadata().build()).create();
      var cluster = new TargetCluster("remote", null, null, null, false);
      var platform = ServiceBenchmarks.platform("baseline", "shop");
      for (int i = 0; i < n; i++) {
        var model = ServiceBenchmarks.model(ServiceBenchmarks.service("baseline", "svc-" + i), platform, cluster,
            new KeelsonSettings("ingress-nginx"));
        for (var object : ServiceBenchmarks.desired(model)) objects.add(Map.entry(client, object));
      }
    }
    var pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    for (var entry : objects) {
      pool.submit(() -> entry.getKey().resource(entry.getValue()).fieldManager("baseline").forceConflicts().serverSideApply());
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    return objects.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Services whose spec of that generation is applied on every cluster of the Platform (Reconciled, three entries). */
  private static long appliedEverywhere(KubernetesClient client, String ns, long generation) {
    return client.resources(KeelsonService.class).inNamespace(ns).list().getItems().stream()
        .filter(s -> s.getStatus() != null && s.getStatus().clusters() != null && s.getStatus().clusters().size() == NAMES.size()
            && Conditions.find(s.getStatus().conditions(), Conditions.RECONCILED)
                .filter(c -> Conditions.TRUE.equals(c.getStatus()) && Long.valueOf(generation).equals(c.getObservedGeneration())).isPresent())
        .count();
  }

  private static boolean reportsDown(KubernetesClient client, String ns) {
    var platform = client.resources(Platform.class).inNamespace(ns).withName("shop").get();
    return platform.getStatus() != null && platform.getStatus().clusters() != null && platform.getStatus().clusters().stream()
        .anyMatch(c -> c.name().equals(DOWN) && Reason.CLUSTER_UNREACHABLE.toString().equals(c.reason()));
  }

  /** Latencies of changing the image of svc-from … svc-(to-1), one after another, until each of {@code clusters} has it. */
  private static Latencies changeLatency(KubernetesClient client, String ns, Deployments watch, int from, int to, String version,
      List<String> clusters) {
    var latencies = new ArrayList<Double>();
    for (int i = from; i < to; i++) {
      String name = "svc-" + i;
      long sent = System.nanoTime();
      client.resources(KeelsonService.class).inNamespace(ns).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"image\":\"quay.io/keelson/order-service:" + version + "\"}}");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
          .until(() -> clusters.stream().allMatch(c -> watch.seen(c, name, version).isPresent()));
      long last = clusters.stream().mapToLong(c -> watch.seen(c, name, version).orElseThrow()).max().orElseThrow();
      latencies.add((last - sent) / 1e6);
    }
    latencies.sort(Double::compare);
    return new Latencies(latencies);
  }

  record Latencies(List<Double> sorted) {
    double p50() {
      return percentile(50);
    }

    double percentile(int p) {
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    String summary() {
      return String.format("%.0f / %.0f / %.0f", p50(), percentile(99), sorted.get(sorted.size() - 1));
    }
  }

  /** When each cluster's Deployments were first seen with an image version, from an informer per cluster. */
  static final class Deployments implements AutoCloseable {
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<Deployment>> informers = new ArrayList<>();

    Deployments(Map<String, RealApiServer> remote, String ns) {
      remote.forEach((cluster, server) -> informers.add(server.client().apps().deployments().inNamespace(ns).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Deployment d) {
          record(cluster, d);
        }

        @Override
        public void onUpdate(Deployment old, Deployment d) {
          record(cluster, d);
        }

        @Override
        public void onDelete(Deployment d, boolean unknown) {}
      })));
    }

    private void record(String cluster, Deployment d) {
      String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
      String version = image.substring(image.lastIndexOf(':') + 1);
      seen.putIfAbsent(cluster + "/" + d.getMetadata().getName() + "/" + version, System.nanoTime());
    }

    Optional<Long> seen(String cluster, String name, String version) {
      return Optional.ofNullable(seen.get(cluster + "/" + name + "/" + version));
    }

    boolean allHave(String cluster, int from, int to, String version) {
      for (int i = from; i < to; i++) if (seen(cluster, "svc-" + i, version).isEmpty()) return false;
      return true;
    }

    @Override
    public void close() {
      informers.forEach(SharedIndexInformer::close);
    }
  }
}
