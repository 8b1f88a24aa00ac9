package dev.keelson.shop.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import dev.keelson.shop.common.CorrelationIdFilter;
import dev.keelson.shop.testing.ShopTestResources;
import static dev.keelson.shop.testing.Accounts.login;
import static dev.keelson.shop.testing.Accounts.register;
import static dev.keelson.shop.testing.Accounts.unique;
import dev.keelson.shop.testing.Accounts;
import io.quarkus.arc.Arc;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user service's APIs over HTTP, storing in MongoDB through the real driver. */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
class UserServiceTest {

  @Test
  void registerLoginAndReadOnesOwnProfile() {
    String email = unique("ada");
    String id = register(email, "correct horse battery");
    String token = login(email, "correct horse battery");

    given().auth().oauth2(token).when().get("/api/users/me")
        .then().statusCode(200)
        .body("id", equalTo(id))
        .body("email", equalTo(email))
        .body("name", equalTo("Ada Lovelace"))
        .body("passwordHash", equalTo(null));

    given().auth().oauth2(token).when().get("/api/users/" + id).then().statusCode(200).body("email", equalTo(email));
    given().auth().oauth2(Accounts.userToken()).when().get("/api/users/" + id).then().statusCode(404);
    var claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(claims).contains("\"sub\":\"" + id + "\"").contains("\"iss\":\"https://shop.keelson.dev\"").doesNotContain("correct horse");
  }

  @Test
  void theStoredPasswordIsABcryptHash() {
    String email = unique("hash");
    register(email, "correct horse battery");
    var stored = Arc.container().instance(UserRepository.class).get().byEmail(email).orElseThrow();
    assertThat(stored.passwordHash()).startsWith("$2a$12$").doesNotContain("correct horse");
  }

  @Test
  void aBadRequestNamesEachFieldInAProblem() {
    given().contentType(ContentType.JSON)
        .body("{\"email\":\"not-an-address\",\"password\":\"short\"}")
        .when().post("/api/users")
        .then().statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", hasItems("email", "name", "password"))
        .body("errors.find { it.field == 'password' }.message", equalTo("must be 12 to 72 characters long"));
  }

  @Test
  void anAddressRegistersOnceWhateverItsCase() {
    String email = unique("twice");
    register(email, "correct horse battery");
    given().contentType(ContentType.JSON)
        .body("{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"another long password\",\"name\":\"B\"}")
        .when().post("/api/users")
        .then().statusCode(409)
        .contentType("application/problem+json")
        .body("detail", equalTo("a user with e-mail " + email + " is already registered"));
  }

  @Test
  void aWrongPasswordAndAnUnknownAddressGetTheSameAnswer() {
    String email = unique("wrong");
    register(email, "correct horse battery");
    for (String who : new String[] {email, unique("nobody")}) {
      given().contentType(ContentType.JSON)
          .body("{\"email\":\"" + who + "\",\"password\":\"incorrect horse battery\"}")
          .when().post("/api/users/login")
          .then().statusCode(401)
          .contentType("application/problem+json")
          .body("detail", equalTo("e-mail or password is wrong"));
    }
  }

  @Test
  void theProfileNeedsAValidToken() {
    given().when().get("/api/users/me").then().statusCode(401).contentType("application/problem+json");
    given().auth().oauth2("not.a.token").when().get("/api/users/me").then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void theConfiguredAdministratorSignsInWithTheConfiguredPasswordAndGetsTheAdminRole() {
    String token = Accounts.adminToken();
    assertThat(claims(token)).contains("\"groups\":[").contains("\"admin\"");
    given().auth().oauth2(token).when().get("/api/users/me")
        .then().statusCode(200).body("email", equalTo(ShopTestResources.ADMIN_EMAIL)).body("roles", hasItems("user", "admin"));
    given().contentType(ContentType.JSON)
        .body("{\"email\":\"" + ShopTestResources.ADMIN_EMAIL + "\",\"password\":\"" + Accounts.PASSWORD + "\"}")
        .when().post("/api/users/login")
        .then().statusCode(401).body("detail", equalTo("e-mail or password is wrong"));
  }

  @Test
  void nobodyRegistersTheAdministratorsAddress() {
    for (String address : new String[] {ShopTestResources.ADMIN_EMAIL, ShopTestResources.ADMIN_EMAIL.toUpperCase()}) {
      given().contentType(ContentType.JSON)
          .body("{\"email\":\"" + address + "\",\"password\":\"" + Accounts.PASSWORD + "\",\"name\":\"Mallory\"}")
          .when().post("/api/users")
          .then().statusCode(409)
          .body("detail", equalTo("a user with e-mail " + ShopTestResources.ADMIN_EMAIL + " is already registered"));
    }
  }

  @Test
  void aStoredAdminRoleGrantsNothing() {
    // As the database may hold it: written by hand, or by a version that granted roles on registration.
    String email = unique("stored-admin");
    users().insert(new User(null, email, "Mallory", BcryptUtil.bcryptHash(Accounts.PASSWORD, 4), List.of("user", "admin"), Instant.now()));
    String token = login(email, Accounts.PASSWORD);
    assertThat(claims(token)).doesNotContain("\"admin\"");
    given().auth().oauth2(token).when().get("/api/users/me").then().statusCode(200).body("roles", equalTo(List.of("user")));
    given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"x\"}")
        .when().post("/api/products").then().statusCode(403);
  }

  @Test
  void anAccountRegisteredBeforeItsAddressWasConfiguredOpensOnlyWithTheConfiguredPassword() {
    // Mallory registered the address before the shop configured it as an administrator's.
    String email = ShopTestResources.SQUATTED_ADMIN_EMAIL;
    String id = users().insert(new User(null, email, "Mallory", BcryptUtil.bcryptHash(Accounts.PASSWORD, 4), List.of("user"), Instant.now())).id();
    given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + Accounts.PASSWORD + "\"}")
        .when().post("/api/users/login").then().statusCode(401);

    String token = login(email, ShopTestResources.ADMIN_PASSWORD);
    assertThat(claims(token)).contains("\"sub\":\"" + id + "\"").contains("\"admin\"");
    assertThat(BcryptUtil.matches(Accounts.PASSWORD, users().byEmail(email).orElseThrow().passwordHash())).isFalse();
    given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + Accounts.PASSWORD + "\"}")
        .when().post("/api/users/login").then().statusCode(401);
  }

  private static UserRepository users() {
    return Arc.container().instance(UserRepository.class).get();
  }

  private static String claims(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }

  @Test
  void aCorrelationIdIsEchoedOrMade() {
    given().header(CorrelationIdFilter.HEADER, "req-42").when().get("/api/users/me")
        .then().header(CorrelationIdFilter.HEADER, equalTo("req-42"));
    given().when().get("/api/users/me").then().statusCode(401).header(CorrelationIdFilter.HEADER, notNullValue());
  }

  @Test
  void readyWhileMongoDbAnswers() {
    given().when().get("/health/ready").then().statusCode(200).body("checks.name", hasItems("mongodb"))
        .body("checks.find { it.name == 'queue-worker' }.data.worker", equalTo("none"));
  }
}
