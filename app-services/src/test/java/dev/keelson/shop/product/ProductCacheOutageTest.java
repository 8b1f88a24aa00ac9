package dev.keelson.shop.product;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis is a cache only: with none reachable the catalogue is served from MongoDB and writes still succeed. */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(ProductCacheOutageTest.RedisUnreachable.class)
class ProductCacheOutageTest {

  public static class RedisUnreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // Nothing listens there: connections are refused at once. Sign-in fails closed while the rate
      // limit cannot be counted (SignInFailsClosedTest), so the limit is off for this test's logins.
      return Map.of("quarkus.service-binding.redis.port", "1", "keelson.rate-limit.requests-per-minute", "0");
    }
  }

  @Test
  void readsAndWritesWorkWithoutTheCache() {
    String admin = Accounts.adminToken();
    String id = Catalogue.create(admin, "kitchen", "Whisk", 499, 3);
    given().auth().oauth2(admin).when().get("/api/products/" + id).then().statusCode(200).body("name", equalTo("Whisk"));
    given().auth().oauth2(admin).contentType("application/json").body("{\"delta\":-1}")
        .when().patch("/api/products/" + id + "/stock").then().statusCode(200).body("stock", equalTo(2));
    given().when().get("/q/metrics").then().statusCode(200).body(containsString("product_cache_errors_total"));
  }
}
