package dev.keelson.shop.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.AsNotificationWorker;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import dev.keelson.shop.testing.Topics;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The notification worker as a WorkerPool runs it (the KEELSON_QUEUE_* settings Keelson gives),
 * consuming order-events from a real in-process broker, mailing through the mock mailer.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(AsNotificationWorker.class)
class NotificationWorkerTest {

  @Inject MockMailbox mailbox;

  @Test
  void aPlacedOrderIsMailedToItsCustomerAndItsDeliveryCanBeRead() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Sieve", 1_999, 3);
    String email = Accounts.unique("buyer");
    Accounts.register(email, Accounts.PASSWORD);
    String token = Accounts.login(email, Accounts.PASSWORD);
    String order = given().auth().oauth2(token).contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}")
        .when().post("/api/orders").then().statusCode(201).extract().path("id");

    // No mail while it waits for its payment; one once the saga took it.
    var mails = await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.getMailsSentTo(email), m -> m != null && !m.isEmpty());
    assertThat(mails).extracting(m -> m.getSubject()).containsExactly("Your order " + order + " is confirmed");
    assertThat(mails.get(0).getText()).contains("total 19.99").contains("is now paid");

    String eventId = Topics.readAll(ShopTestResources.ORDER_EVENTS).stream()
        .filter(r -> order.equals(r.key()) && r.value().contains("\"status\":\"paid\"")).findFirst().orElseThrow().eventId();
    given().auth().oauth2(Accounts.adminToken()).when().get("/api/notifications/" + eventId)
        .then().statusCode(200).body("status", equalTo("sent")).body("recipient", equalTo(email));
  }

  @Test
  void theWorkersProbesReportItsConsumer() {
    for (String probe : new String[] {"/health/ready", "/health/live"}) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get(probe)
          .then().statusCode(200)
          .body("checks.find { it.name == 'queue-worker' }.status", equalTo("UP"))
          .body("checks.find { it.name == 'queue-worker' }.data.consecutiveFailures", equalTo(0))
          .body("checks.find { it.name == 'queue-worker' }.data.partitions", org.hamcrest.Matchers.greaterThan(0)));
    }
  }

  @Test
  void aRepeatedEventIsMailedOnce() {
    String email = Accounts.unique("repeat");
    String order = "order-" + UUID.randomUUID();
    String eventId = UUID.randomUUID().toString();
    String payload = event(order, email, "OrderStatusChanged", "paid");
    // Twice in one batch (the same poll), then once more later (a later poll).
    Topics.publishTogether(ShopTestResources.ORDER_EVENTS, order, payload, List.of(eventId, eventId));
    Topics.publish(ShopTestResources.ORDER_EVENTS, order, payload, eventId);
    // A later event of the same order, on the same partition: once it is mailed, the repeat was seen.
    Topics.publish(ShopTestResources.ORDER_EVENTS, order, event(order, email, "OrderStatusChanged", "processing"), UUID.randomUUID().toString());

    await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.getMailsSentTo(email) != null && mailbox.getMailsSentTo(email).size() >= 2);
    assertThat(mailbox.getMailsSentTo(email)).extracting(m -> m.getSubject())
        .containsExactly("Your order " + order + " is confirmed", "Your order " + order + " is processing");
  }

  @Test
  void aRecordThatKeepsFailingIsRetriedThenDeadLettered() {
    String order = "poison-" + UUID.randomUUID();
    String eventId = UUID.randomUUID().toString();
    Topics.publish(ShopTestResources.ORDER_EVENTS, order, "{\"type\":\"OrderCreated\",\"orderId\":\"" + order + "\"}", eventId);

    var dead = await().atMost(Duration.ofSeconds(40)).until(
        () -> Topics.readAll(ShopTestResources.ORDER_EVENTS_DLQ).stream().filter(r -> order.equals(r.key())).toList(), l -> !l.isEmpty());
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).eventId()).isEqualTo(eventId);
    assertThat(dead.get(0).attempt()).isEqualTo("2");
    assertThat(dead.get(0).error()).isEqualTo("order event has no userEmail");
    var retried = Topics.readAll(ShopTestResources.ORDER_EVENTS_RETRY).stream().filter(r -> order.equals(r.key())).toList();
    assertThat(retried).as("one retry, after its 1 s delay").hasSize(1);
    assertThat(retried.get(0).attempt()).isEqualTo("1");
  }

  private static String event(String order, String email, String type, String status) {
    return "{\"eventId\":\"x\",\"type\":\"" + type + "\",\"orderId\":\"" + order + "\",\"userId\":\"u\",\"userEmail\":\"" + email
        + "\",\"items\":[],\"totalCents\":500,\"status\":\"" + status + "\"}";
  }
}
