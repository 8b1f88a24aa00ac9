package dev.keelson.shop.storefront;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The storefront service as its Deployment runs it: KEELSON_SERVICE=storefront and no bindings at
 * all (no MongoDB, Redis or Kafka, no token keys). It serves the pages, is ready, and answers none
 * of the other services' APIs (the internal ones included, which the Ingress's catch-all route
 * sends it); its health and metrics are for callers inside the cluster, not through the Ingress.
 */
@QuarkusTest
@TestProfile(StorefrontServiceTest.AsStorefront.class)
class StorefrontServiceTest {
  public static class AsStorefront implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("keelson.service", "storefront");
    }
  }

  @Test
  void itServesThePagesAndIsReadyWithoutAnyBinding() {
    given().when().get("/").then().statusCode(200).contentType(containsString("text/html"));
    given().when().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"))
        .body("checks.find { it.name == 'mongodb' }.data.used", equalTo(false));
    given().when().get("/q/metrics").then().statusCode(200);
  }

  @Test
  void itAnswersNoneOfTheOtherServicesApis() {
    given().when().get("/api/products").then().statusCode(404)
        .body("detail", equalTo("this process is the storefront service; /products belongs to the product service"));
    given().contentType("application/json").body("{\"quantity\":1}")
        .when().put("/api/internal/products/6650aa0b1c2d3e4f5a6b7c8d/reservations/6650aa0b1c2d3e4f5a6b7c8e").then().statusCode(404);
    given().contentType("application/json").body("{}").when().post("/api/internal/payments").then().statusCode(404);
  }

  @Test
  void throughAProxyItsHealthAndMetricsAreNotServed() {
    given().header("X-Forwarded-For", "203.0.113.9").when().get("/q/metrics").then().statusCode(404);
    given().header("Forwarded", "for=203.0.113.9").when().get("/health/ready").then().statusCode(404);
    given().header("X-Forwarded-For", "203.0.113.9").when().get("/").then().statusCode(200);
  }

  @Test
  void thePagesCarryAShopsSecurityHeadersAndAnyAppPathAnswersThePage() {
    var page = given().when().get("/orders/6650aa0b1c2d3e4f5a6b7c8d").then().statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache")
        .extract().asString();
    var script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(page);
    assertThat(script.find()).as("index.html loads its script from /assets/: " + page).isTrue();
    String modified = given().when().get(script.group(1)).then().statusCode(200)
        .header("Cache-Control", "public, max-age=31536000, immutable")
        .header("Content-Type", matchesPattern("(text|application)/javascript.*"))
        .extract().header("Last-Modified");
    // A revalidation's answer must not downgrade what the browser keeps.
    assertThat(modified).as("the asset's Last-Modified").isNotNull();
    given().header("If-Modified-Since", modified).when().get(script.group(1)).then().statusCode(304)
        .header("Cache-Control", "public, max-age=31536000, immutable");
    given().when().get("/assets/missing.js").then().statusCode(404);
    given().when().post("/cart").then().statusCode(405);
    given().when().get("/api/nothing-here").then().statusCode(404);
  }
}
