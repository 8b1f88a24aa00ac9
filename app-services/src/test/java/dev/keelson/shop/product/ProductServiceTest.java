package dev.keelson.shop.product;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The product service over HTTP: MongoDB through the real driver, the cache in a real redis-server. */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
class ProductServiceTest {

  static RedisClient redis() {
    return RedisClient.create("127.0.0.1", ShopTestResources.redisPort);
  }

  @Test
  void aReadFillsTheCacheForAnHourAndAWriteEvictsIt() {
    String admin = Accounts.adminToken();
    String id = Catalogue.create(admin, "kitchen", "Kettle", 2_999, 5);
    String key = ShopTestResources.REDIS_KEY_PREFIX + "product:" + id;
    try (var redis = redis()) {
      assertThat(redis.exists(key)).as("nothing cached before the first read").isFalse();
      given().auth().oauth2(admin).when().get("/api/products/" + id).then().statusCode(200).body("priceCents", equalTo(2_999));
      assertThat(redis.ttl(key)).isBetween(3_590L, 3_600L);

      // What the cache holds is what is served: proof that the second read does not go to MongoDB.
      redis.set(key, redis.get(key).replace("\"Kettle\"", "\"Cached kettle\""));
      given().auth().oauth2(admin).when().get("/api/products/" + id).then().statusCode(200).body("name", equalTo("Cached kettle"));

      given().auth().oauth2(admin).contentType(ContentType.JSON)
          .body("{\"name\":\"Kettle 2\",\"category\":\"kitchen\",\"priceCents\":3499}")
          .when().put("/api/products/" + id).then().statusCode(200).body("priceCents", equalTo(3_499));
      assertThat(redis.exists(key)).as("the update evicted the entry").isFalse();
      given().auth().oauth2(admin).when().get("/api/products/" + id).then().statusCode(200).body("name", equalTo("Kettle 2"));
    }
  }

  @Test
  void theListIsPagedAndFilteredByCategory() {
    String admin = Accounts.adminToken();
    String category = "garden-" + UUID.randomUUID().toString().substring(0, 6);
    for (String name : List.of("Rake", "Hose", "Spade")) Catalogue.create(admin, category, name, 1_000, 1);
    given().auth().oauth2(admin).queryParam("category", category).queryParam("size", 2).when().get("/api/products")
        .then().statusCode(200)
        .body("total", equalTo(3))
        .body("items.name", equalTo(List.of("Hose", "Rake")));
    given().auth().oauth2(admin).queryParam("category", category).queryParam("size", 2).queryParam("page", 1).when().get("/api/products")
        .then().statusCode(200).body("items.name", equalTo(List.of("Spade")));
    given().auth().oauth2(admin).queryParam("size", 500).when().get("/api/products")
        .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItems("size"));
  }

  @Test
  void onlyAnAdministratorChangesTheCatalogue() {
    String user = Accounts.userToken();
    given().auth().oauth2(user).contentType(ContentType.JSON)
        .body("{\"name\":\"Lamp\",\"category\":\"living\",\"priceCents\":100}")
        .when().post("/api/products")
        .then().statusCode(403).contentType("application/problem+json");
    given().contentType(ContentType.JSON).body("{\"name\":\"Lamp\",\"category\":\"living\",\"priceCents\":100}")
        .when().post("/api/products")
        .then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void stockNeverGoesBelowZero() {
    String admin = Accounts.adminToken();
    String id = Catalogue.create(admin, "kitchen", "Pan", 1_500, 2);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"delta\":-3}")
        .when().patch("/api/products/" + id + "/stock")
        .then().statusCode(409).contentType("application/problem+json")
        .body("detail", equalTo("product " + id + " has 2 in stock; taking 3 is refused"));
    given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"delta\":-2}")
        .when().patch("/api/products/" + id + "/stock")
        .then().statusCode(200).body("stock", equalTo(0));
    given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"delta\":10}")
        .when().patch("/api/products/" + id + "/stock")
        .then().statusCode(200).body("stock", equalTo(10));
  }

  @Test
  void badInputIsRefusedWithTheField() {
    given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
        .body("{\"name\":\"\",\"category\":\"Not A Category\",\"priceCents\":-1}")
        .when().post("/api/products")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItems("name", "category", "priceCents"));
    given().auth().oauth2(Accounts.userToken()).when().get("/api/products/not-an-id").then().statusCode(404)
        .contentType("application/problem+json");
    // The catalogue is the shop's window: anyone reads it (only an administrator changes it, above).
    given().when().get("/api/products").then().statusCode(200);
  }
}
