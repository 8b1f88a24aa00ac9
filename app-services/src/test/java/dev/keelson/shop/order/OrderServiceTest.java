package dev.keelson.shop.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import dev.keelson.shop.testing.Topics;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The order service over HTTP, calling the product service over HTTP (the same test process runs
 * both), storing in MongoDB and publishing to a real in-process Kafka broker.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
class OrderServiceTest {

  static String placeOrder(String token, String productId, int quantity, String idempotencyKey, int expectedStatus) {
    var request = given().auth().oauth2(token).contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}]}");
    if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
    return request.when().post("/api/orders").then().statusCode(expectedStatus).extract().path("id");
  }

  static List<Topics.Published> eventsOf(String orderId) {
    return Topics.readAll(ShopTestResources.ORDER_EVENTS).stream().filter(r -> orderId.equals(r.key())).toList();
  }

  @Test
  void anOrderIsStoredAndPublishedOnce() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Mug", 1_250, 5);
    String user = Accounts.userToken();
    String correlation = "checkout-" + UUID.randomUUID();
    String id = given().auth().oauth2(user).contentType(ContentType.JSON).header("X-Correlation-Id", correlation)
        .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":2}]}")
        .when().post("/api/orders")
        .then().statusCode(201)
        .body("status", equalTo("pending"))
        .body("totalCents", equalTo(2_500))
        .body("items[0].name", equalTo("Mug"))
        .extract().path("id");

    // Placed, then paid by the saga (the test provider takes the payment).
    var events = await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(id), e -> e.size() >= 2);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).value()).contains("\"type\":\"OrderCreated\"").contains("\"totalCents\":2500");
    assertThat(events.get(1).value()).contains("\"type\":\"OrderStatusChanged\"").contains("\"status\":\"paid\"");
    assertThat(events.get(0).eventId()).isNotBlank();
    assertThat(events.get(0).value()).contains(events.get(0).eventId());
    assertThat(events.get(0).correlationId()).as("the request's correlation id travels with the event").isEqualTo(correlation);
    given().auth().oauth2(user).when().get("/api/orders/" + id).then().statusCode(200).body("id", equalTo(id));
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswer() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Bowl", 900, 10);
    String user = Accounts.userToken();
    String key = "checkout-" + UUID.randomUUID();
    String first = placeOrder(user, product, 1, key, 201);
    String again = given().auth().oauth2(user).contentType(ContentType.JSON).header("Idempotency-Key", key)
        .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}")
        .when().post("/api/orders")
        .then().statusCode(201).header("Idempotent-Replayed", "true")
        .extract().path("id");
    assertThat(again).isEqualTo(first);
    given().auth().oauth2(user).contentType(ContentType.JSON).header("Idempotency-Key", key)
        .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":3}]}")
        .when().post("/api/orders")
        .then().statusCode(409).contentType("application/problem+json");
    given().auth().oauth2(user).when().get("/api/orders").then().statusCode(200).body("id", equalTo(List.of(first)));
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(first).size() == 2);
    assertThat(eventsOf(first)).extracting(Topics.Published::value).filteredOn(v -> v.contains("OrderCreated")).hasSize(1);
  }

  @Test
  void stockAndProductsAreCheckedWithTheProductService() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Teapot", 3_000, 1);
    String user = Accounts.userToken();
    given().auth().oauth2(user).contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":2}]}")
        .when().post("/api/orders")
        .then().statusCode(409).contentType("application/problem+json")
        .body("detail", equalTo("product " + product + " has 1 in stock; the order asks for 2"));
    String missing = new ObjectId().toHexString();
    given().auth().oauth2(user).contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + missing + "\",\"quantity\":1}]}")
        .when().post("/api/orders")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItems("items.productId"));
    given().auth().oauth2(user).contentType(ContentType.JSON).body("{\"items\":[]}")
        .when().post("/api/orders")
        .then().statusCode(400).body("errors.field", hasItems("items"));
  }

  @Test
  void anOrderMovesAlongItsLifecycleAndEveryMoveIsPublished() {
    String admin = Accounts.adminToken();
    String product = Catalogue.create(admin, "kitchen", "Jug", 700, 10);
    String user = Accounts.userToken();
    String id = placeOrder(user, product, 1, null, 201);

    awaitStatus(user, id, "paid");
    move(user, id, "processing", 403);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"status\":\"payment_failed\"}")
        .when().patch("/api/orders/" + id + "/status")
        .then().statusCode(409).body("detail", equalTo("payment_failed is set by the order's payment, not by hand"));
    for (String next : List.of("processing", "shipped", "delivered")) move(admin, id, next, 200);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"status\":\"cancelled\"}")
        .when().patch("/api/orders/" + id + "/status")
        .then().statusCode(409).body("detail", equalTo("order " + id + " is delivered; it can become nothing else"));
    given().auth().oauth2(Accounts.userToken()).when().get("/api/orders/" + id).then().statusCode(404);

    var events = await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(id), e -> e.size() == 5);
    assertThat(events).extracting(Topics.Published::value).satisfiesExactly(
        e -> assertThat(e).contains("OrderCreated").contains("\"status\":\"pending\""),
        e -> assertThat(e).contains("OrderStatusChanged").contains("\"status\":\"paid\""),
        e -> assertThat(e).contains("OrderStatusChanged").contains("\"status\":\"processing\""),
        e -> assertThat(e).contains("\"status\":\"shipped\""),
        e -> assertThat(e).contains("\"status\":\"delivered\""));
  }

  @Test
  void anOrderWrittenBeforeACrashIsPublishedOnceAfterIt() {
    // The order is in MongoDB with its event in the outbox; the process died before publishing.
    var orders = Arc.container().instance(OrderRepository.class).get();
    String id = new ObjectId().toHexString();
    var now = Instant.now();
    var order = new Order(id, "user-1", "one@shop.test", List.of(new Order.Item("p-1", "Cup", 1, 100)), 100, OrderStatus.pending, now, now);
    orders.insert(order, null, null, new OrderEvent(UUID.randomUUID().toString(), OrderEvent.CREATED, id, "user-1", "one@shop.test", order.items(), 100,
        OrderStatus.pending, now));
    // The next process's relay publishes it.
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(id).size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> orders.pending(1000).stream().noneMatch(p -> p.orderId().equals(id)));
  }

  static void awaitStatus(String token, String id, String status) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/orders/" + id)
        .then().statusCode(200).body("status", equalTo(status)));
  }

  private static void move(String token, String id, String status, int expected) {
    given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"status\":\"" + status + "\"}")
        .when().patch("/api/orders/" + id + "/status")
        .then().statusCode(expected);
  }
}
