package dev.keelson.shop.endtoend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.keelson.shop.analytics.OrderAnalytics;
import dev.keelson.shop.common.KafkaProvider;
import dev.keelson.shop.order.Order;
import dev.keelson.shop.order.OrderEvent;
import dev.keelson.shop.order.OrderRepository;
import dev.keelson.shop.order.OrderStatus;
import dev.keelson.shop.order.OutboxRelay;
import dev.keelson.shop.testing.Topics;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.types.ObjectId;
import dev.keelson.shop.queue.QueueSettings;
import dev.keelson.shop.queue.QueueWorker;
import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.AsNotificationWorker;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shop end to end, on a real broker: register → login → create a product → order it → the
 * notification worker mails the customer → the analytics worker counts the order in its window.
 * The process runs every API and the notification worker; the analytics worker runs beside it
 * with its own consumer group, as a second WorkerPool would.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(AsNotificationWorker.class)
class ShopEndToEndTest {
  @Inject MockMailbox mailbox;
  @Inject QueueWorker workers;

  @Inject OrderRepository orders;
  @Inject KafkaProvider kafka;
  @Inject OutboxRelay relay;

  /**
   * The relay of a process that crashed had published an order's event but not taken it out of the
   * outbox; the next relay publishes it again. Two copies on the topic, one mail.
   */
  @Test
  void aCrashBetweenThePublishAndItsRecordSendsOneMail() throws Exception {
    String email = Accounts.unique("crash");
    String id = new ObjectId().toHexString();
    var now = Instant.now();
    var order = new Order(id, "user-crash", email, List.of(new Order.Item("p-1", "Cup", 1, 100)), 100, OrderStatus.paid, now, now);
    String eventId = UUID.randomUUID().toString();
    // Its payment went through: the event that mails the confirmation.
    orders.insert(order, null, null, new OrderEvent(eventId, OrderEvent.STATUS_CHANGED, id, "user-crash", email, order.items(), 100,
        OrderStatus.paid, now));
    orders.pending(1000).stream().filter(p -> p.orderId().equals(id)).findFirst().ifPresent(p -> {
      var record = new ProducerRecord<>(ShopTestResources.ORDER_EVENTS, id, p.payload());
      record.headers().add(OrderEvent.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
      try {
        kafka.producer().send(record).get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    relay.drain();

    await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readAll(ShopTestResources.ORDER_EVENTS).stream()
        .filter(r -> id.equals(r.key())).count() == 2);
    // A later event of the same order, on the same partition: once it is mailed, both copies were consumed.
    Topics.publish(ShopTestResources.ORDER_EVENTS, id, "{\"type\":\"OrderStatusChanged\",\"orderId\":\"" + id + "\",\"userEmail\":\""
        + email + "\",\"status\":\"processing\",\"totalCents\":100}", UUID.randomUUID().toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.getMailsSentTo(email) != null && mailbox.getMailsSentTo(email).size() >= 2);
    assertThat(mailbox.getMailsSentTo(email)).extracting(m -> m.getSubject())
        .containsExactly("Your order " + id + " is confirmed", "Your order " + id + " is processing");
  }

  @Test
  void anOrderIsMailedAndCounted() throws Exception {
    var analytics = new QueueSettings(ShopTestResources.ORDER_EVENTS, "analytics-workers", List.of(ShopTestResources.ORDER_EVENTS_RETRY), 1,
        ShopTestResources.ORDER_EVENTS_DLQ);
    try (var worker = workers.start(analytics, workers.handler("analytics"))) {
      String email = Accounts.unique("customer");
      Accounts.register(email, Accounts.PASSWORD);
      String token = Accounts.login(email, Accounts.PASSWORD);
      String admin = Accounts.adminToken();
      String product = Catalogue.create(admin, "kitchen", "Colander", 2_450, 4);

      Instant before = Instant.now();
      String order = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "e2e-1")
          .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":2}]}")
          .when().post("/api/orders").then().statusCode(201).body("totalCents", equalTo(4_900)).extract().path("id");

      // One mail, once the saga took the payment.
      var mails = await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.getMailsSentTo(email), m -> m != null && !m.isEmpty());
      assertThat(mails).extracting(m -> m.getSubject()).containsExactly("Your order " + order + " is confirmed");
      // The customer reads it under their account (not by address, which nobody verified), without
      // the channel, address or delivery details; another customer reads none of it.
      given().auth().oauth2(token).when().get("/api/notifications/mine").then().statusCode(200)
          .body("size()", equalTo(1)).body("[0].subject", equalTo("Your order " + order + " is confirmed"))
          .body("[0].body", containsString("is now paid")).body("[0]", not(hasKey("recipient"))).body("[0]", not(hasKey("error")));
      given().auth().oauth2(Accounts.userToken()).when().get("/api/notifications/mine").then().statusCode(200).body("size()", equalTo(0));
      given().when().get("/api/notifications/mine").then().statusCode(401);
      given().auth().oauth2(token).when().get("/api/orders/" + order).then().statusCode(200).body("status", equalTo("paid"));

      String window = OrderAnalytics.windowStart(before).toString();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin).when().get("/api/analytics/windows/" + window)
          .then().statusCode(200).body("orders", equalTo(1)).body("revenueCents", equalTo(4_900))
          .body("topProducts[0].productId", equalTo(product)));
    }
  }
}
