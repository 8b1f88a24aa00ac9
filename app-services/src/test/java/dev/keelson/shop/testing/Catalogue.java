package dev.keelson.shop.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;

/** Products made through the product service's own API. */
public final class Catalogue {
  private Catalogue() {}

  /** Creates a product as the administrator whose token is given; its id. */
  public static String create(String adminToken, String category, String name, long priceCents, int stock) {
    return given().auth().oauth2(adminToken).contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"category\":\"" + category + "\",\"priceCents\":" + priceCents + ",\"stock\":" + stock + "}")
        .when().post("/api/products")
        .then().statusCode(201)
        .body("name", equalTo(name))
        .extract().path("id");
  }
}
