package dev.keelson.shop.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.restassured.http.ContentType;
import java.util.UUID;

/** Users made through the user service's own APIs, and their tokens. */
public final class Accounts {
  public static final String PASSWORD = "correct horse battery";

  private Accounts() {}

  /** An address no test used before. */
  public static String unique(String local) {
    return local + "-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
  }

  /** Registers the address and returns the new user's id. */
  public static String register(String email, String password) {
    return given().contentType(ContentType.JSON)
        .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Ada Lovelace\"}")
        .when().post("/api/users")
        .then().statusCode(201)
        .header("Location", containsString("/api/users/"))
        .body("email", equalTo(email.toLowerCase()))
        .body("roles", hasItems("user"))
        .extract().path("id");
  }

  public static String login(String email, String password) {
    return given().contentType(ContentType.JSON)
        .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
        .when().post("/api/users/login")
        .then().statusCode(200)
        .body("tokenType", equalTo("Bearer"))
        .body("expiresIn", equalTo(900))
        .extract().path("accessToken");
  }

  /** A new user's token. */
  public static String userToken() {
    String email = unique("shopper");
    register(email, PASSWORD);
    return login(email, PASSWORD);
  }

  /** A token of the administrator configured in keelson.admins. */
  public static String adminToken() {
    return login(ShopTestResources.ADMIN_EMAIL, ShopTestResources.ADMIN_PASSWORD);
  }
}
