package dev.keelson.operator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keelson.operator.KeelsonSettings;
import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.cluster.TargetCluster;
import dev.keelson.operator.testing.BenchmarkReport;
import dev.keelson.operator.testing.ImageJvm;
import dev.keelson.operator.testing.OperatorProcess;
import dev.keelson.operator.testing.ProcessCpu;
import dev.keelson.operator.testing.RawApply;
import dev.keelson.operator.testing.RealApiServer;
import dev.keelson.operator.testing.StatusAssert;
import dev.keelson.operator.testing.WriteCounter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Service benchmark (not part of the test suite; run by {@code hack/bench-services.sh}). For
 * each count N, on a fresh real API server: the raw server-side-apply rate of that server (a plain
 * client applying the same objects with the operator's 20 threads) as the baseline, then the
 * packaged operator converging N Services, its writes per Service, its writes when restarted over
 * the converged Services (must be 0), its resident memory, and the latency of a spec change.
 * Results are printed and written to target/benchmarks/; nothing here asserts a duration.
 */
class ServiceConvergenceBenchmark {
  static final int THREADS = 20;
  static final int CHANGES = 50;
  static final String[] SERVER_PROCESSES = {"kube-apiserver", "etcd"};

  @Test
  void run() throws Exception {
    var counts = Arrays.stream(System.getProperty("keelson.bench.counts", "10,100,1000").split(","))
        .map(String::trim).map(Integer::parseInt).toList();
    var report = new StringBuilder("| Services | raw SSA fabric8 / client-go (objects/s) | Keelson converged in | Keelson (objects/s) | ratio to fabric8 / client-go | writes per Service | writes on restart | RSS peak / after (MiB) | live heap (MiB) | change p50 / p99 / max (ms) | CRs created idle / while converging (s) | CPU per Service: operator / API server + etcd (ms) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int n : counts) {
      try {
        report.append(measure(n)).append('\n');
      } catch (Exception | AssertionError e) {
        System.out.println("benchmark of " + n + " Services failed:");
        e.printStackTrace(System.out);
        report.append("| ").append(n).append(" | failed: ").append(String.valueOf(e).lines().findFirst().orElse("")).append(" |\n");
      }
    }
    var image = ImageJvm.read(RealApiServer.repositoryRoot().resolve("Dockerfile"));
    report.append("\nOperator JVM (the image's): -XX:MaxRAM=").append(OperatorProcess.memoryLimit()).append(' ')
        .append(String.join(" ", image.options())).append(", ").append(image.environment()).append('\n');
    BenchmarkReport.publish("services", report.toString());
  }

  private String measure(int n) throws Exception {
    var server = RealApiServer.dedicated();
    try {
      server.addServiceCidr("benchmark", "10.1.0.0/16");
      KubernetesClient client = server.client();
      double rawRate = baseline(server, n);
      var fast = RawApply.available() ? fastBaseline(server, n) : new Measured(Double.NaN, Double.NaN);
      double fastRate = fast.value();
      var idle = idleCreates(server, n);
      double idleCreate = idle.value();

      String ns = server.createNamespace("bench");
      var writes = server.writeCounter();
      try (var operator = OperatorProcess.start(server)) {
        var before = writes.snapshot();
        double operatorCpu = operator.cpuSeconds();
        double serverCpu = ProcessCpu.named(SERVER_PROCESSES);
        long start = System.nanoTime();
        client.resource(Fixtures.platform(ns, "shop")).create();
        for (int i = 0; i < n; i++) client.resource(Fixtures.service(ns, "svc-" + i)).create();
        double busyCreate = (System.nanoTime() - start) / 1e9;
        // Watched, not listed again and again: at 5000 Services each list is megabytes the API server would serialize.
        try (var reconciled = new Reconciled(client, ns)) {
          await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(100)).until(() -> reconciled.count() == n);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = String.format("%.1f / %.1f (%.2f reconciles per Service; the server's alone: %.1f for the CR creates, %.1f for the 5 objects from client-go)",
            (operator.cpuSeconds() - operatorCpu) * 1000 / n, (ProcessCpu.named(SERVER_PROCESSES) - serverCpu) * 1000 / n,
            operator.successfulReconciles() / (double) n, idle.serverCpuSeconds() * 1000 / n, fast.serverCpuSeconds() * 1000 / n);
        var written = WriteCounter.delta(before, writes.snapshot());
        // The benchmark's own creates of the custom resources are not the operator's writes.
        written.remove("POST platform.keelson.dev/services");
        written.remove("POST platform.keelson.dev/platforms");
        long[] memory = operator.residentMemoryMiB();
        long liveHeap = operator.liveHeapMiB();
        if (Boolean.getBoolean("keelson.bench.histogram")) System.out.println(operator.heapHistogram(Integer.getInteger("keelson.bench.histogramLines", 30)));
        if (Boolean.getBoolean("keelson.bench.nmt")) System.out.println(operator.nativeMemory() + "\n" + operator.threads());
        String dump = System.getProperty("keelson.bench.heapDump", "");
        if (!dump.isBlank()) System.out.println(operator.heapDump(java.nio.file.Path.of(dump + "-" + n + ".hprof")));
        int objectsPerService = ServiceBenchmarks.objectsPerService(ns);
        double keelsonRate = n * objectsPerService / seconds;
        String perService = perService(written, n);
        String latency = changeLatency(client, ns, Math.min(n, CHANGES));

        // Restart over the converged Services: every one is reconciled again, nothing is written.
        operator.close();
        var beforeRestart = writes.snapshot();
        try (var restarted = OperatorProcess.start(server)) {
          await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
              .until(() -> restarted.successfulReconciles() >= n + 1);
          var restartWrites = settled(() -> WriteCounter.delta(beforeRestart, writes.snapshot()));
          long[] restartMemory = restarted.residentMemoryMiB();
          long restartLiveHeap = restarted.liveHeapMiB();
          assertThat(client.services().inNamespace(ns).list().getItems()).as("every Kubernetes Service got a ClusterIP").hasSize(n);
          return String.format("| %d | %.0f / %.0f | %.1f s | %.0f | %.2f / %.2f | %s | %s | %d / %d (restart: %d) | %d (restart: %d) | %s | %.1f / %.1f | %s |",
              n, rawRate, fastRate, seconds, keelsonRate, keelsonRate / rawRate, keelsonRate / fastRate, perService,
              restartWrites.isEmpty() ? "0" : restartWrites.toString(), memory[0], memory[1], restartMemory[0],
              liveHeap, restartLiveHeap, latency, idleCreate, busyCreate, cpu);
        }
      }
    } finally {
      server.stop();
    }
  }

  /** The objects the operator would apply for n Services in namespace ns. */
  private static List<HasMetadata> desired(String ns, int n) {
    var platform = Fixtures.platform(ns, "shop");
    var cluster = new TargetCluster(TargetCluster.LOCAL, null, null, null, false);
    var objects = new ArrayList<HasMetadata>();
    for (int i = 0; i < n; i++) {
      objects.addAll(ServiceBenchmarks.desired(ServiceBenchmarks.model(Fixtures.service(ns, "svc-" + i), platform, cluster,
          new KeelsonSettings("ingress-nginx"))));
    }
    return objects;
  }

  /** A measured value and the CPU seconds the API server and etcd spent on it. */
  private record Measured(double value, double serverCpuSeconds) {}

  /**
   * The fastest plain client (client-go, {@link RawApply}) applying the same objects with as many
   * requests in flight: objects/s, and the server's CPU for them (what Keelson's 5 objects per
   * Service cost the server at the least).
   */
  private static Measured fastBaseline(RealApiServer server, int n) throws Exception {
    String ns = server.createNamespace("baseline-go");
    var objects = desired(ns, n);
    double serverCpu = ProcessCpu.named(SERVER_PROCESSES);
    double rate = RawApply.apply(server, objects, THREADS);
    serverCpu = ProcessCpu.named(SERVER_PROCESSES) - serverCpu;
    deleteAll(server.client(), ns, kinds(objects));
    return new Measured(rate, serverCpu);
  }

  /**
   * How long creating the n custom resources takes one by one (as {@code kubectl apply} sends
   * them) on the idle server: the input's time without Keelson at work, and the server's CPU for
   * it. They are deleted again before the operator starts.
   */
  private static Measured idleCreates(RealApiServer server, int n) {
    String ns = server.createNamespace("idle");
    var client = server.client();
    double serverCpu = ProcessCpu.named(SERVER_PROCESSES);
    long start = System.nanoTime();
    client.resource(Fixtures.platform(ns, "shop")).create();
    for (int i = 0; i < n; i++) client.resource(Fixtures.service(ns, "svc-" + i)).create();
    double seconds = (System.nanoTime() - start) / 1e9;
    serverCpu = ProcessCpu.named(SERVER_PROCESSES) - serverCpu;
    deleteAll(client, ns, List.of(KeelsonService.class, dev.keelson.operator.api.v1alpha1.Platform.class));
    return new Measured(seconds, serverCpu);
  }

  /** The kinds of these objects. */
  private static List<Class<? extends HasMetadata>> kinds(List<HasMetadata> objects) {
    return objects.stream().<Class<? extends HasMetadata>>map(HasMetadata::getClass).distinct().toList();
  }

  /**
   * Deletes every object of these kinds from ns, and waits until they are gone: the baselines'
   * objects carry the labels of Keelson's objects, and the operator would cache them too.
   */
  private static void deleteAll(KubernetesClient client, String ns, List<Class<? extends HasMetadata>> kinds) {
    // Deleting thousands in one request takes longer than the client's usual 10 s.
    var config = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withRequestTimeout(600_000).build();
    try (var patient = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      for (var kind : kinds) {
        patient.resources(kind).inNamespace(ns).delete();
        await().atMost(Duration.ofMinutes(2)).until(() -> client.resources(kind).inNamespace(ns).list().getItems().isEmpty());
      }
    }
  }

  /** A plain fabric8 client applying the objects the operator would, with as many threads: the server's raw rate. */
  private static double baseline(RealApiServer server, int n) throws Exception {
    String ns = server.createNamespace("baseline");
    var objects = desired(ns, n);
    var client = server.client();
    var pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    for (var object : objects) pool.submit(() -> client.resource(object).fieldManager("baseline").forceConflicts().serverSideApply());
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    double rate = objects.size() / ((System.nanoTime() - start) / 1e9);
    deleteAll(client, ns, kinds(objects));
    return rate;
  }

  /** The value once it has stayed the same for three polls a second apart (what was written has all arrived). */
  private static <T> T settled(java.util.concurrent.Callable<T> value) {
    var last = new java.util.concurrent.atomic.AtomicReference<T>();
    var unchanged = new java.util.concurrent.atomic.AtomicInteger();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      T now = value.call();
      unchanged.set(now.equals(last.getAndSet(now)) ? unchanged.get() + 1 : 0);
      return unchanged.get() >= 3;
    });
    return last.get();
  }

  /** The Services of a namespace that report Reconciled=True for generation 1, as a watch sees them. */
  private static final class Reconciled implements AutoCloseable {
    private final Map<String, Boolean> services = new ConcurrentHashMap<>();
    private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<KeelsonService> informer;

    Reconciled(KubernetesClient client, String ns) {
      informer = client.resources(KeelsonService.class).inNamespace(ns).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(KeelsonService s) {
          services.put(s.getMetadata().getName(), reconciled(s));
        }

        @Override
        public void onUpdate(KeelsonService old, KeelsonService s) {
          services.put(s.getMetadata().getName(), reconciled(s));
        }

        @Override
        public void onDelete(KeelsonService s, boolean unknown) {
          services.remove(s.getMetadata().getName());
        }
      });
    }

    long count() {
      return services.values().stream().filter(Boolean::booleanValue).count();
    }

    private static boolean reconciled(KeelsonService s) {
      return StatusAssert.isReconciled(s.getStatus(), 1L);
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  private static String perService(Map<String, Long> written, int n) {
    long total = written.values().stream().mapToLong(Long::longValue).sum();
    return String.format("%.2f (", total / (double) n) + written.entrySet().stream()
        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / (double) n))
        .collect(Collectors.joining("; ")) + ")";
  }

  /** Patches the image of k Services one after another and times how soon each Deployment has it. */
  private static String changeLatency(KubernetesClient client, String ns, int k) {
    var seen = new ConcurrentHashMap<String, Long>();
    var informer = client.apps().deployments().inNamespace(ns).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {}

      @Override
      public void onUpdate(Deployment old, Deployment d) {
        if (d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":0.2.0")) {
          seen.putIfAbsent(d.getMetadata().getName(), System.nanoTime());
        }
      }

      @Override
      public void onDelete(Deployment d, boolean unknown) {}
    });
    try {
      var latencies = new ArrayList<Double>();
      for (int i = 0; i < k; i++) {
        String name = "svc-" + i;
        long sent = System.nanoTime();
        client.resources(KeelsonService.class).inNamespace(ns).withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"image\":\"quay.io/keelson/order-service:0.2.0\"}}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> seen.containsKey(name));
        latencies.add((seen.get(name) - sent) / 1e6);
      }
      latencies.sort(Double::compare);
      return String.format("%.0f / %.0f / %.0f", percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    } finally {
      informer.close();
    }
  }

  private static double percentile(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
