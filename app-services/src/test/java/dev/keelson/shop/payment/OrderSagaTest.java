package dev.keelson.shop.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order saga across the order, product and payment services of one process, over HTTP as
 * they call each other: stock reserved when an order is placed, then paid (stock sold) or
 * payment_failed (stock back), never charged twice. Payments time out after 3 s here.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(OrderSagaTest.ShortPaymentTimeout.class)
class OrderSagaTest {

  public static class ShortPaymentTimeout implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("keelson.payment.timeout", "3s");
    }
  }

  private static TestPaymentProvider provider() {
    return Arc.container().instance(TestPaymentProvider.class).get();
  }

  @AfterEach
  void providerAnswersAgain() {
    provider().unavailableFor(0);
    provider().chargesUnavailableFor(0);
  }

  @Test
  void ordersRacingForTheLastItemsGetOneEachAndTheRestAreRefused() throws Exception {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Last kettle", 4_000, 3);
    var tokens = new ArrayList<String>();
    for (int i = 0; i < 8; i++) tokens.add(Accounts.userToken());
    var pool = Executors.newFixedThreadPool(8);
    var calls = new ArrayList<Callable<Integer>>();
    for (String token : tokens) {
      calls.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
          .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}").when().post("/api/orders").statusCode());
    }
    var statuses = new ArrayList<Integer>();
    for (var answer : pool.invokeAll(calls)) statuses.add(answer.get());
    pool.shutdown();
    assertThat(statuses).containsOnly(201, 409);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
    assertThat(stock(product)).isZero();
  }

  @Test
  void aPaidOrderKeepsItsStockSoldAndIsChargedOnce() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Whisk", 1_500, 5);
    String user = Accounts.userToken();
    String order = place(user, product, 2, 201);
    awaitStatus(user, order, "paid");
    assertThat(stock(product)).isEqualTo(3);
    assertThat(provider().chargedWith(order)).isEqualTo(1);
    // The saga asks again as often as it likes: the payment service answers from its record.
    given().contentType(ContentType.JSON).body("{\"orderId\":\"" + order + "\",\"amountCents\":3000}")
        .when().post("/api/internal/payments").then().statusCode(200).body("state", equalTo("succeeded"));
    given().contentType(ContentType.JSON).body("{\"orderId\":\"" + order + "\",\"amountCents\":2999}")
        .when().post("/api/internal/payments").then().statusCode(200).body("state", equalTo("succeeded"));
    assertThat(provider().chargedWith(order)).isEqualTo(1);
    awaitStock(product, 3);
  }

  @Test
  void aDeclinedPaymentFailsTheOrderAndItsStockGoesBack() {
    // The test provider declines amounts ending in 01 cents.
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Declined pan", 2_001, 4);
    String user = Accounts.userToken();
    String order = place(user, product, 1, 201);
    awaitStatus(user, order, "payment_failed");
    given().auth().oauth2(user).when().get("/api/orders/" + order).then().body("reason", startsWith("card declined"));
    awaitStock(product, 4);
    assertThat(provider().chargedWith(order)).isZero();
  }

  @Test
  void aChargeWhoseAnswerWasLostIsAskedAgainAndTakenOnce() {
    // The test provider times out once on amounts ending in 02 cents.
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Slow sieve", 1_202, 2);
    String user = Accounts.userToken();
    String order = place(user, product, 1, 201);
    awaitStatus(user, order, "paid");
    assertThat(provider().chargedWith(order)).isEqualTo(1);
    awaitStock(product, 1);
  }

  @Test
  void aPaymentNobodyAnswersIsVoidedAfterTheTimeoutAndOnlyThenIsTheStockReleased() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Unanswered tray", 900, 2);
    String user = Accounts.userToken();
    provider().unavailableFor(Integer.MAX_VALUE);
    String order = place(user, product, 2, 201);
    // Past the 3 s timeout, with neither charge nor void answered: the stock stays reserved.
    await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
        given().auth().oauth2(user).when().get("/api/orders/" + order).then().body("status", equalTo("pending")));
    assertThat(stock(product)).isZero();

    provider().chargesUnavailableFor(Integer.MAX_VALUE);
    provider().unavailableFor(0);
    awaitStatus(user, order, "payment_failed");
    given().auth().oauth2(user).when().get("/api/orders/" + order).then().body("reason", equalTo("not paid within 3 s"));
    awaitStock(product, 2);
    assertThat(provider().chargedWith(order)).isZero();
  }

  @Test
  void anOwnerCancelsAPendingOrderItsPaymentIsVoidedAndItsStockComesBack() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Cancelled cup", 700, 3);
    String user = Accounts.userToken();
    provider().chargesUnavailableFor(Integer.MAX_VALUE);
    String order = place(user, product, 3, 201);
    assertThat(stock(product)).isZero();
    given().auth().oauth2(user).contentType(ContentType.JSON).body("{\"status\":\"cancelled\"}")
        .when().patch("/api/orders/" + order + "/status").then().statusCode(200).body("status", equalTo("cancelled"));
    awaitStock(product, 3);
    provider().chargesUnavailableFor(0);
    // A charge asked after the cancel finds the payment void.
    given().contentType(ContentType.JSON).body("{\"orderId\":\"" + order + "\",\"amountCents\":2100}")
        .when().post("/api/internal/payments").then().statusCode(200).body("state", equalTo("voided"));
    assertThat(provider().chargedWith(order)).isZero();
    awaitStatus(user, order, "cancelled");
  }

  @Test
  void aReservationIsTakenOncePerOrderWhateverIsRepeated() {
    String product = Catalogue.create(Accounts.adminToken(), "kitchen", "Reserved bowl", 500, 5);
    String order = new ObjectId().toHexString();
    for (int i = 0; i < 2; i++) {
      given().contentType(ContentType.JSON).body("{\"quantity\":2}")
          .when().put("/api/internal/products/" + product + "/reservations/" + order).then().statusCode(200)
          .body("stockLeft", equalTo(3)).body("repeated", equalTo(i == 1));
    }
    given().contentType(ContentType.JSON).body("{\"quantity\":4}")
        .when().put("/api/internal/products/" + product + "/reservations/" + new ObjectId().toHexString()).then().statusCode(409)
        .body("detail", equalTo("product " + product + " has 3 in stock; the order asks for 4"));
    for (int i = 0; i < 2; i++) {
      given().when().delete("/api/internal/products/" + product + "/reservations/" + order).then().statusCode(204);
    }
    assertThat(stock(product)).isEqualTo(5);
  }

  private static String place(String token, String product, int quantity, int expected) {
    return given().auth().oauth2(token).contentType(ContentType.JSON)
        .body("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":" + quantity + "}]}")
        .when().post("/api/orders").then().statusCode(expected).extract().path("id");
  }

  private static void awaitStatus(String token, String id, String status) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/orders/" + id)
        .then().statusCode(200).body("status", equalTo(status)));
  }

  private static void awaitStock(String product, int stock) {
    await().atMost(Duration.ofSeconds(20)).until(() -> stock(product) == stock);
  }

  private static int stock(String product) {
    return given().auth().oauth2(Accounts.adminToken()).when().get("/api/products/" + product).then().statusCode(200)
        .extract().path("stock");
  }
}
