package dev.keelson.shop.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process started as one service answers only that service's APIs. */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(SelectedServiceTest.AsProductService.class)
class SelectedServiceTest {

  public static class AsProductService implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("keelson.service", "product");
    }
  }

  @Test
  void anotherServicesApiIsNotFound() {
    given().contentType(ContentType.JSON).body("{\"email\":\"a@shop.test\",\"password\":\"correct horse battery\",\"name\":\"A\"}")
        .when().post("/api/users")
        .then().statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("this process is the product service; /users belongs to the user service"));
  }

  @Test
  void theStorefrontsPagesAreNotServedByAnotherService() {
    given().when().get("/").then().statusCode(404).contentType("application/problem+json");
    given().when().get("/orders/6650aa0b1c2d3e4f5a6b7c8d").then().statusCode(404);
    given().when().get("/index.html").then().statusCode(404);
    given().when().get("/health/ready").then().statusCode(200);
  }
}
