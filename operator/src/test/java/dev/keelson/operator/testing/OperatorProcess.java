package dev.keelson.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged operator ({@code operator/target/quarkus-app/quarkus-run.jar}) running as a process
 * of its own against a test API server: what benchmarks measure, resident memory included.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final Pattern SUCCESS = Pattern.compile(
      "^operator_sdk_reconciliations_success_total\\{[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);
  private final Process process;
  private final Path log;
  private final int httpPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  public static OperatorProcess start(RealApiServer server) throws IOException {
    return start(server, Map.of());
  }

  /**
   * Starts the operator with these environment variables besides the image's. The namespace it
   * runs in ({@code keelson-system}, where its leader-election Lease lives) is created if missing.
   */
  public static OperatorProcess start(RealApiServer server, Map<String, String> environment) throws IOException {
    return start(server, server.kubeconfigFile(), environment);
  }

  /** Starts the operator with the credentials of this kubeconfig (a ServiceAccount's, for RBAC to decide). */
  public static OperatorProcess start(RealApiServer server, Path kubeconfig, Map<String, String> environment) throws IOException {
    server.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata().withName(NAMESPACE).endMetadata().build()).fieldManager("keelson-tests").serverSideApply();
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing: run mvn package first");
    int port = Ports.free();
    Path log = Files.createTempFile("keelson-operator", ".log");
    var image = ImageJvm.read(RealApiServer.repositoryRoot().resolve("Dockerfile"));
    // The image's JVM settings, with the JVM's ergonomics seeing the container's memory limit.
    var command = new java.util.ArrayList<>(List.of("java", "-XX:MaxRAM=" + memoryLimit()));
    command.addAll(image.options());
    command.add("-Xlog:gc:file=" + log + ".gc");
    if (Boolean.getBoolean("keelson.bench.nmt")) command.add("-XX:NativeMemoryTracking=summary");
    String extra = System.getProperty("keelson.bench.jvm", "");
    if (!extra.isBlank()) command.addAll(List.of(extra.trim().split("\\s+")));
    command.addAll(List.of("-jar", jar.toString()));
    var builder = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(image.environment());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    builder.environment().putAll(environment);
    var operator = new OperatorProcess(builder.start(), log, port);
    operator.awaitStarted();
    return operator;
  }

  /** The identity holding the operators' leader-election Lease, or null while none does. */
  public static String leaseHolder(io.fabric8.kubernetes.client.KubernetesClient client) {
    var lease = client.leases().inNamespace(NAMESPACE).withName("keelson-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** The namespace the operator runs in, as deploy/ installs it. */
  public static final String NAMESPACE = "keelson-system";

  private void awaitStarted() {
    Awaitility.await("the operator's controllers to start (log: " + log + ")")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          String text = Files.readString(log);
          if (!process.isAlive()) throw new IllegalStateException("the operator exited:\n" + text);
          // Quarkus opens its HTTP port (metrics) after the controllers have started.
          return text.contains("'service' controller started") && text.contains("'platform' controller started")
              && text.contains("Listening on:");
        });
  }

  /**
   * The memory limit of the operator's container the benchmark stands for ({@code keelson.bench.memoryLimit},
   * default 384m, deploy/keelson-operator.yaml's). The JVM is given it as {@code -XX:MaxRAM}, so its heap ergonomics (initial and
   * maximum heap, from the image's {@code MaxRAMPercentage}) are the container's, not this machine's.
   */
  public static String memoryLimit() {
    return System.getProperty("keelson.bench.memoryLimit", "384m");
  }

  /** Successful reconciles since start, summed over controllers (JOSDK's Micrometer counter). */
  public long successfulReconciles() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      var lines = Files.readAllLines(log);
      throw new IllegalStateException("the operator exited with code " + process.exitValue() + "; its log ends with:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    var response = http.send(HttpRequest.newBuilder().version(HttpClient.Version.HTTP_1_1).uri(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = SUCCESS.matcher(response.body());
    long total = 0;
    while (m.find()) total += (long) Double.parseDouble(m.group(1));
    return total;
  }

  /** The body of the operator's readiness endpoint (/q/health/ready) and its HTTP status. */
  public HttpResponse<String> readiness() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .uri(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Ends the process at once, as kill -9 (a node lost, an OOM kill): nothing it was doing finishes. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Asks the process to stop (SIGTERM, as the kubelet does first) and waits up to {@code patience} for it to exit. */
  public boolean terminate(Duration patience) throws InterruptedException {
    process.destroy();
    return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** CPU seconds the operator process has used so far. */
  public double cpuSeconds() {
    return ProcessCpu.of(process.pid());
  }

  /** Peak and current resident memory of the operator process, in MiB, from /proc. */
  public long[] residentMemoryMiB() throws IOException {
    long hwm = 0;
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) hwm = kib(line);
      if (line.startsWith("VmRSS:")) rss = kib(line);
    }
    return new long[] {hwm / 1024, rss / 1024};
  }

  /**
   * Heap in use right after a full collection (jcmd GC.run, then GC.heap_info): the live set of
   * the heap's generations, in MiB (metaspace, which GC.heap_info also lists, is not counted).
   */
  public long liveHeapMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    long usedKib = 0;
    Matcher m = Pattern.compile("(?m)^\\s*\\S+ generation\\s+total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
    while (m.find()) usedKib += Long.parseLong(m.group(1));
    if (usedKib == 0) throw new IllegalStateException("GC.heap_info listed no generation (the image's collector is not the serial one?)");
    return usedKib / 1024;
  }

  /** Writes the live objects of the heap to {@code file} (jcmd GC.heap_dump), for a heap analyser. */
  public String heapDump(Path file) throws IOException, InterruptedException {
    return jcmd("GC.heap_dump " + file.toAbsolutePath());
  }

  /** The JVM's native memory summary (jcmd VM.native_memory summary), when started with keelson.bench.nmt. */
  public String nativeMemory() throws IOException, InterruptedException {
    return jcmd("VM.native_memory summary");
  }

  /**
   * The operator's threads by name, the thread's number folded ("pool-3-thread-12" counts as
   * "pool-3-thread-N"), most first, each with the first frame of one of them outside the JDK (what
   * the pool is for).
   */
  public String threads() throws IOException, InterruptedException {
    var counts = new java.util.HashMap<String, Integer>();
    var frames = new java.util.HashMap<String, String>();
    threadDump(counts, frames);
    return counts.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(e -> e.getValue() + " " + e.getKey() + "  " + frames.getOrDefault(e.getKey(), ""))
        .collect(java.util.stream.Collectors.joining("\n", "threads: " + counts.values().stream().mapToInt(Integer::intValue).sum() + "\n", ""));
  }

  /** How many threads of each name the operator has, the thread's number folded as in {@link #threads()}. */
  public Map<String, Integer> threadCounts() throws IOException, InterruptedException {
    var counts = new java.util.HashMap<String, Integer>();
    threadDump(counts, new java.util.HashMap<>());
    return counts;
  }

  private void threadDump(Map<String, Integer> counts, Map<String, String> frames) throws IOException, InterruptedException {
    String current = null;
    for (String line : jcmd("Thread.print").lines().toList()) {
      if (line.startsWith("\"")) {
        current = line.substring(1, line.indexOf('"', 1)).replaceAll("[0-9]+$", "N");
        counts.merge(current, 1, Integer::sum);
      } else if (current != null && line.trim().startsWith("at ") && !line.contains(" java.") && !line.contains(" jdk.")
          && !line.contains(" sun.")) {
        frames.putIfAbsent(current, line.trim().substring(3));
        current = null;
      }
    }
  }

  /** The biggest classes on the heap (jcmd GC.class_histogram), for finding where memory goes. */
  public String heapHistogram(int lines) throws IOException, InterruptedException {
    return jcmd("GC.class_histogram").lines().limit(lines + 3).collect(java.util.stream.Collectors.joining("\n"));
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    var jcmd = new ProcessBuilder("jcmd", String.valueOf(process.pid()), command).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    jcmd.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
