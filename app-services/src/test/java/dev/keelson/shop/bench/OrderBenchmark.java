package dev.keelson.shop.bench;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import dev.keelson.shop.common.MongoProvider;
import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.AsNotificationWorker;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The shop's order benchmark (not part of the test suite; run by {@code hack/bench-shop.sh}): the
 * order service, product service and notification worker in one process, with MongoDB
 * (mongo-java-server), Redis and a Kafka broker in the same JVM, all on the same two cores.
 * <ol>
 *   <li>Baseline: {@code GET /products/{id}} (served from the Redis cache) at the same fixed rate:
 *       the cost of the HTTP stack, authentication and one Redis round trip;
 *   <li>{@code POST /orders} at a fixed rate (open loop: latency counts from when each request was
 *       due, so a stall is not hidden), each order checked at the product service over HTTP, written
 *       to MongoDB, its stock reserved at the product service over HTTP, its outbox relayed to Kafka;
 *   <li>the payment step, after the response: from each order's request to the saga's write of
 *       {@code paid} (charged at the payment service over HTTP, the test provider);
 *   <li>order to confirmation: from each order's request to the {@code sentAt} of its "confirmed"
 *       mail, which the notification worker sends on the paid event.
 * </ol>
 * Nothing here asserts a duration.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(AsNotificationWorker.class)
class OrderBenchmark {
  @TestHTTPResource("/") URI base;
  @Inject MongoProvider mongo;

  @Test
  void run() throws Exception {
    int rate = Integer.getInteger("keelson.bench.rate", 200);
    int seconds = Integer.getInteger("keelson.bench.seconds", 20);
    int warmup = Integer.getInteger("keelson.bench.warmup", 40);
    String admin = Accounts.adminToken();
    String user = Accounts.userToken();
    String product = Catalogue.create(admin, "bench", "Benchmark item", 1_000, 10_000_000);
    // HTTP/1.1 as an ingress or another service speaks to a pod. Requests are sent blocking from a
    // reused pool: sendAsync completes each response on a new thread when the common pool has one
    // thread (two cores), and that load generator cost would be charged to the services.
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var senders = Executors.newCachedThreadPool();

    // Warm up both paths (JIT compilation, connection pools, the cache entry), so that the runs
    // measure the steady state and not the compiler.
    load(http, senders, rate, warmup, i -> get(product, user));
    load(http, senders, rate, warmup, i -> order(product, user));

    var compiler = ManagementFactory.getCompilationMXBean();
    long compiledBefore = compiler.getTotalCompilationTime();
    var baseline = load(http, senders, rate, seconds, i -> get(product, user));
    var orders = load(http, senders, rate, seconds, i -> order(product, user));
    // What the JIT compiler still spent during the measured runs: near zero once warm.
    long compiling = compiler.getTotalCompilationTime() - compiledBefore;
    var toPaid = paidLatencies(orders.sentAt());
    var toNotification = notificationLatencies(orders.sentAt());

    String report = "| rate (req/s) | seconds | baseline GET /products/{id} p50 / p95 / p99 (ms) | POST /orders p50 / p95 / p99 (ms) "
        + "| errors | achieved (orders/s) | p95 ratio | order → paid p50 / p99 (ms) | order → confirmation p50 / p99 (ms) "
        + "| warm-up (s) | JIT during runs (ms) |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|\n"
        + String.format("| %d | %d | %s | %s | %d | %.0f | %.1f | %s | %s | %d | %d |%n", rate, seconds, percentiles(baseline.latencies()),
            percentiles(orders.latencies()), orders.errors(), orders.latencies().size() / (double) seconds,
            percentile(orders.latencies(), 95) / percentile(baseline.latencies(), 95),
            String.format("%.0f / %.0f", percentile(toPaid, 50), percentile(toPaid, 99)),
            String.format("%.0f / %.0f", percentile(toNotification, 50), percentile(toNotification, 99)), warmup, compiling);
    System.out.println("\n" + report);
    Path out = Path.of("target", "benchmarks", "shop-orders-" + Instant.now().toString().replace(':', '-') + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** Latencies in ms of a fixed-rate run, the send time of each successful request by the order it created, and the failures. */
  record Run(List<Double> latencies, Map<String, Long> sentAt, int errors) {}

  private Run load(HttpClient http, java.util.concurrent.ExecutorService senders, int rate, int seconds, java.util.function.IntFunction<HttpRequest> request) throws Exception {
    var latencies = Collections.synchronizedList(new ArrayList<Double>());
    var sentAt = new ConcurrentHashMap<String, Long>();
    var errors = new AtomicInteger();
    var scheduler = Executors.newSingleThreadScheduledExecutor();
    var pending = Collections.synchronizedList(new ArrayList<CompletableFuture<?>>());
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / rate;
    int total = rate * seconds;
    var counter = new AtomicInteger();
    var fire = scheduler.scheduleAtFixedRate(() -> {
      int i = counter.getAndIncrement();
      if (i >= total) return;
      long due = start + i * intervalNanos;
      long wall = System.currentTimeMillis();
      pending.add(CompletableFuture.runAsync(() -> {
        HttpResponse<String> response;
        try {
          response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          errors.incrementAndGet();
          return;
        }
        if (response.statusCode() >= 300) {
          errors.incrementAndGet();
          return;
        }
        latencies.add((System.nanoTime() - due) / 1e6);
        String body = response.body();
        int at = body.indexOf("\"id\":\"");
        if (at >= 0) sentAt.put(body.substring(at + 6, body.indexOf('"', at + 6)), wall);
      }, senders));
    }, 0, intervalNanos, TimeUnit.NANOSECONDS);
    await().atMost(Duration.ofSeconds(seconds * 3L + 30)).until(() -> counter.get() >= total);
    fire.cancel(false);
    scheduler.shutdown();
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    return new Run(new ArrayList<>(latencies), sentAt, errors.get());
  }

  /** For each order, ms from its request to the saga's write of paid, once all are paid. */
  private List<Double> paidLatencies(Map<String, Long> sentAt) {
    return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> paid(sentAt), latencies -> latencies.size() >= sentAt.size());
  }

  private List<Double> paid(Map<String, Long> sentAt) {
    var latencies = new ArrayList<Double>();
    for (Document o : mongo.database().getCollection("orders").find(Filters.eq("status", "paid"))) {
      Long sent = sentAt.get(o.getObjectId("_id").toHexString());
      if (sent != null) latencies.add((double) (o.getDate("updatedAt").getTime() - sent));
    }
    return latencies;
  }

  /** For each order, ms from its request to its confirmation's sentAt, once all are sent. */
  private List<Double> notificationLatencies(Map<String, Long> sentAt) {
    return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> notified(sentAt), latencies -> latencies.size() >= sentAt.size());
  }

  private List<Double> notified(Map<String, Long> sentAt) {
    var latencies = new ArrayList<Double>();
    for (Document n : mongo.database().getCollection("notifications").find(Filters.eq("status", "sent"))) {
      String subject = n.getString("subject");
      if (!subject.startsWith("Your order ") || !subject.endsWith(" is confirmed")) continue;
      String order = subject.substring("Your order ".length(), subject.indexOf(' ', "Your order ".length()));
      Long sent = sentAt.get(order);
      if (sent != null) latencies.add((double) (n.getDate("sentAt").getTime() - sent));
    }
    return latencies;
  }

  private HttpRequest get(String product, String token) {
    return HttpRequest.newBuilder(base.resolve("api/products/" + product)).header("Authorization", "Bearer " + token).GET().build();
  }

  private HttpRequest order(String product, String token) {
    return HttpRequest.newBuilder(base.resolve("api/orders")).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}")).build();
  }

  private static String percentiles(List<Double> values) {
    return String.format("%.1f / %.1f / %.1f", percentile(values, 50), percentile(values, 95), percentile(values, 99));
  }

  private static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) return Double.NaN;
    var sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }
}
