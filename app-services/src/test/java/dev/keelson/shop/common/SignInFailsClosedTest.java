package dev.keelson.shop.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While Redis cannot be reached the rate limit cannot count: other requests go through, but
 * logins and registrations are refused, since an uncounted login is an unlimited password guess.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(SignInFailsClosedTest.RedisUnreachable.class)
class SignInFailsClosedTest {

  public static class RedisUnreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.service-binding.redis.port", "1", "keelson.rate-limit.requests-per-minute", "5");
    }
  }

  @Test
  void loginAndRegistrationAreRefusedWhileTheLimitCannotCount() {
    given().contentType("application/json").body("{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}")
        .when().post("/api/users/login").then().statusCode(503).header("Retry-After", "5")
        .body("detail", containsString("rate limit cannot be counted"));
    given().contentType("application/json").body("{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}")
        .when().post("/api/users").then().statusCode(503);
    // Anything else is not refused by the limit (here authentication answers: no token).
    given().when().get("/api/products").then().statusCode(org.hamcrest.Matchers.not(503));
  }
}
