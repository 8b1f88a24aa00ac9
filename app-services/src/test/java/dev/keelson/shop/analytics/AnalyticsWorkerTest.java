package dev.keelson.shop.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.ShopTestResources;
import dev.keelson.shop.testing.Topics;
import dev.keelson.shop.common.MongoProvider;
import dev.keelson.shop.queue.QueueRecord;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The analytics worker on a real in-process broker: windows by event time, lateness, publication of closed windows. */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(AnalyticsWorkerTest.AsWorker.class)
class AnalyticsWorkerTest {

  public static class AsWorker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "keelson.queue.topic", ShopTestResources.ORDER_EVENTS,
          "keelson.queue.consumer-group", "analytics-workers",
          "keelson.queue.retry-topics", ShopTestResources.ORDER_EVENTS_RETRY,
          "keelson.queue.dead-letter-topic", ShopTestResources.ORDER_EVENTS_DLQ,
          "keelson.queue.service", "analytics",
          "keelson.analytics.allowed-lateness", "10m");
    }
  }

  @Test
  void ordersAreCountedInTheirEventTimesWindowAndClosedWindowsArePublishedOnce() {
    // One key, so the events are consumed in this order.
    send("10:01:00", 1_000, "{\"productId\":\"a\",\"name\":\"Apron\",\"quantity\":2}");
    send("10:03:30", 3_000, "{\"productId\":\"b\",\"name\":\"Bowl\",\"quantity\":1},{\"productId\":\"a\",\"name\":\"Apron\",\"quantity\":1}");
    send("10:07:00", 500, "{\"productId\":\"c\",\"name\":\"Cup\",\"quantity\":1}");
    send("10:30:00", 200, "{\"productId\":\"c\",\"name\":\"Cup\",\"quantity\":1}"); // watermark 10:30: closes 10:00 and 10:05
    send("10:02:00", 9_999, "{\"productId\":\"z\",\"name\":\"Late\",\"quantity\":9}"); // 10:00 closed at 10:15: dropped
    send("10:22:00", 700, "{\"productId\":\"b\",\"name\":\"Bowl\",\"quantity\":1}"); // 10:20 closes at 10:35: counted
    String admin = Accounts.adminToken();
    await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin).get("/api/analytics/windows/2026-01-01T10:20:00Z")
        .statusCode() == 200);

    given().auth().oauth2(admin).when().get("/api/analytics/windows/2026-01-01T10:00:00Z")
        .then().statusCode(200)
        .body("orders", equalTo(2))
        .body("revenueCents", equalTo(4_000))
        .body("averageOrderCents", equalTo(2_000))
        .body("topProducts.productId", equalTo(List.of("a", "b")))
        .body("topProducts[0].quantity", equalTo(3))
        .body("closed", equalTo(true));
    given().auth().oauth2(admin).queryParam("from", "2026-01-01T10:00:00Z").queryParam("to", "2026-01-01T10:35:00Z")
        .when().get("/api/analytics/summary")
        .then().statusCode(200)
        .body("orders", equalTo(5))
        .body("revenueCents", equalTo(5_400))
        .body("topProducts.productId", equalTo(List.of("a", "b", "c")));
    given().auth().oauth2(admin).queryParam("from", "2026-01-01T10:00:00Z").queryParam("to", "2026-01-01T10:35:00Z")
        .when().get("/api/analytics/windows")
        .then().statusCode(200).body("start", equalTo(List.of("2026-01-01T10:00:00Z", "2026-01-01T10:05:00Z",
            "2026-01-01T10:20:00Z", "2026-01-01T10:30:00Z")));

    // This test's windows (another test's may close too).
    var published = await().atMost(Duration.ofSeconds(20)).until(() -> Topics.readAll(ShopTestResources.ANALYTICS_EVENTS).stream()
        .filter(p -> p.key().startsWith("2026-01-01T10:")).toList(), l -> l.size() >= 2);
    // Each window is its own key (partition): once each, in no particular order across them.
    assertThat(published).extracting(Topics.Published::key).containsExactlyInAnyOrder("2026-01-01T10:00:00Z", "2026-01-01T10:05:00Z");
    assertThat(published).filteredOn(p -> p.key().equals("2026-01-01T10:00:00Z")).singleElement()
        .satisfies(p -> assertThat(p.value()).contains("\"orders\":2").contains("\"revenueCents\":4000"));
  }

  @Test
  void anEventCountedBeforeAFailureIsNotCountedAgainOnItsRetry() throws Exception {
    var analytics = Arc.container().instance(OrderAnalytics.class).get();
    var windows = Arc.container().instance(WindowRepository.class).get();
    // At the watermark, so that the event is on time whatever ran before.
    Instant at = windows.watermark();
    String payload = "{\"type\":\"OrderCreated\",\"orderId\":\"o\",\"items\":[{\"productId\":\"retried\",\"name\":\"Retried\","
        + "\"quantity\":2}],\"totalCents\":1200,\"occurredAt\":\"" + at + "\"}";
    Instant start = OrderAnalytics.windowStart(at);
    long before = windows.at(start, at).map(Window::orders).orElse(0L);
    var first = new QueueRecord(UUID.randomUUID().toString(), "o", payload, 0, at.toEpochMilli());
    analytics.handle(first);
    // Say the publication of a closed window failed after the count: the event comes back as a retry.
    analytics.handle(new QueueRecord(first.eventId(), "o", payload, 1, at.toEpochMilli()));
    assertThat(windows.at(start, at).orElseThrow().orders()).isEqualTo(before + 1);
    assertThat(windows.at(start, at).orElseThrow().topProducts()).filteredOn(p -> p.productId().equals("retried"))
        .singleElement().satisfies(p -> assertThat(p.quantity()).isEqualTo(2));
    // Another event is counted; once the worker remembered the first, the window no longer holds its id.
    analytics.handle(new QueueRecord(UUID.randomUUID().toString(), "o", payload, 0, at.toEpochMilli()));
    assertThat(windows.at(start, at).orElseThrow().orders()).isEqualTo(before + 2);
    analytics.remembered(first);
    var mongo = Arc.container().instance(MongoProvider.class).get();
    var stored = mongo.database().getCollection("analytics_windows").find(new Document("_id", java.util.Date.from(start))).first();
    assertThat(stored.getList(WindowRepository.COUNTING, String.class)).doesNotContain(first.eventId()).hasSize(1);
  }

  @Test
  void aWindowMustBeNamedByItsStart() {
    given().auth().oauth2(Accounts.adminToken()).when().get("/api/analytics/windows/2026-01-01T10:01:00Z")
        .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItems("start"));
    given().auth().oauth2(Accounts.adminToken()).queryParam("from", "2026-01-01T10:00:00Z").queryParam("to", "2026-02-01T10:00:00Z")
        .when().get("/api/analytics/summary")
        .then().statusCode(400).body("errors.field", hasItems("to"));
    given().auth().oauth2(Accounts.userToken()).when().get("/api/analytics/windows/2026-01-01T10:00:00Z").then().statusCode(403);
  }

  private static void send(String time, long totalCents, String items) {
    String payload = "{\"eventId\":\"x\",\"type\":\"OrderCreated\",\"orderId\":\"o\",\"userId\":\"u\",\"userEmail\":\"u@shop.test\","
        + "\"items\":[" + items + "],\"totalCents\":" + totalCents + ",\"status\":\"pending\",\"occurredAt\":\"2026-01-01T" + time + "Z\"}";
    Topics.publish(ShopTestResources.ORDER_EVENTS, "analytics-test", payload, UUID.randomUUID().toString());
  }
}
