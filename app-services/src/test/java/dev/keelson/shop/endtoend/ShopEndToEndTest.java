package dev.keelson.shop.endtoend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.keelson.shop.analytics.OrderAnalytics;
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
          .when().post("/orders").then().statusCode(201).body("totalCents", equalTo(4_900)).extract().path("id");

      var mails = await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.getMailsSentTo(email), m -> m != null && !m.isEmpty());
      assertThat(mails).singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Your order " + order + " is confirmed"));

      String window = OrderAnalytics.windowStart(before).toString();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin).when().get("/analytics/windows/" + window)
          .then().statusCode(200).body("orders", equalTo(1)).body("revenueCents", equalTo(4_900))
          .body("topProducts[0].productId", equalTo(product)));
    }
  }
}
