package dev.keelson.shop.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-client limit, counted in a real redis-server. */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(RateLimitTest.FiveAMinute.class)
class RateLimitTest {

  public static class FiveAMinute implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("keelson.rate-limit.requests-per-minute", "5");
    }
  }

  /**
   * The limit counts in fixed windows of a clock minute: six requests that straddle the turn of a
   * minute are two windows' worth. Start early enough in one for them all to land in it.
   */
  static void awaitRoomInThisMinute() throws InterruptedException {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 50_000) Thread.sleep(60_000 - intoMinute + 100);
  }

  @Test
  void theSixthRequestOfAClientInAMinuteIsRefused() throws InterruptedException {
    awaitRoomInThisMinute();
    // A client of its own (the ingress's X-Forwarded-For), so that nothing else counts against it.
    String client = "203.0.113." + (1 + (int) (Math.random() * 250));
    // Login with a body the API refuses (400): a public endpoint, so only the limit decides.
    for (int i = 0; i < 5; i++) {
      given().header("X-Forwarded-For", client).contentType("application/json").body("{}").when().post("/api/users/login").then().statusCode(400);
    }
    given().header("X-Forwarded-For", client).contentType("application/json").body("{}").when().post("/api/users/login")
        .then().statusCode(429).contentType("application/problem+json")
        .header("Retry-After", org.hamcrest.Matchers.notNullValue())
        .body("detail", containsString("more than 5 requests in a minute"));
    given().header("X-Forwarded-For", "198.51.100.7").contentType("application/json").body("{}").when().post("/api/users/login")
        .then().statusCode(400);
  }

  @Test
  void aClientCannotEscapeItsCountByWritingXForwardedForItself() throws InterruptedException {
    awaitRoomInThisMinute();
    // What the ingress saw is the last entry; whatever the client sent is to its left.
    String seenByIngress = "203.0.113." + (1 + (int) (Math.random() * 250));
    for (int i = 0; i < 5; i++) {
      given().header("X-Forwarded-For", "198.18.0." + i + ", " + seenByIngress).contentType("application/json").body("{}")
          .when().post("/api/users/login").then().statusCode(400);
    }
    given().header("X-Forwarded-For", "198.18.0.99, " + seenByIngress).contentType("application/json").body("{}")
        .when().post("/api/users/login").then().statusCode(429);
  }

  @Test
  void aSignedInUserIsCountedByAccountNotByAddress() throws InterruptedException {
    // Two users behind one address: one service calling another for both of them (all from one
    // pod's address), or one office behind NAT. Each has a limit of their own.
    String address = "192.0.2." + (1 + (int) (Math.random() * 250));
    String ada = Accounts.userToken();
    String grace = Accounts.userToken();
    awaitRoomInThisMinute();
    for (int i = 0; i < 5; i++) {
      given().header("X-Forwarded-For", address).auth().oauth2(ada).when().get("/api/users/me").then().statusCode(200);
    }
    given().header("X-Forwarded-For", address).auth().oauth2(ada).when().get("/api/users/me").then().statusCode(429);
    given().header("X-Forwarded-For", address).auth().oauth2(grace).when().get("/api/users/me").then().statusCode(200);
  }
}
