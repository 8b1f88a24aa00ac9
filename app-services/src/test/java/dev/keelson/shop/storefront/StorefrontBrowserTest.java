package dev.keelson.shop.storefront;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.keelson.shop.testing.Accounts;
import dev.keelson.shop.testing.AsNotificationWorker;
import dev.keelson.shop.testing.Catalogue;
import dev.keelson.shop.testing.ShopTestResources;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The storefront in a real browser (Debian's headless Chromium, driven through its ChromeDriver)
 * against the shop's running services: every API, the order saga with the payment service, and the
 * notification worker on a real Kafka broker. Each step leaves a screenshot in
 * target/storefront-screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(ShopTestResources.class)
@TestProfile(AsNotificationWorker.class)
class StorefrontBrowserTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "storefront-screenshots");

  @TestHTTPResource("/") URL root;
  @Inject MockMailbox mailbox;

  private ChromeDriver browser;
  private WebDriverWait wait;
  private Path userData;
  private String test;
  private int step;

  @BeforeEach
  void openBrowser(TestInfo info) throws IOException {
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      throw new IllegalStateException(CHROMIUM + " or " + CHROMEDRIVER + " is missing: run hack/ensure-chromium.sh (Debian's chromium, chromium-driver)");
    }
    userData = Files.createTempDirectory("storefront-chromium");
    var options = new ChromeOptions().setBinary(CHROMIUM)
        // Headless as root; and no calls to Google's services, which this machine's closed network refuses.
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + userData, "--window-size=1280,900");
    var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    test = info.getTestMethod().orElseThrow().getName();
    step = 0;
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void closeBrowser() throws IOException {
    if (browser != null) browser.quit();
    if (userData != null) {
      try (var files = Files.walk(userData)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void aCustomerRegistersSignsInOrdersAndIsConfirmed() {
    String admin = Accounts.adminToken();
    Catalogue.create(admin, "kitchen", "Espresso cup", 450, 10);
    String teapot = Catalogue.create(admin, "kitchen", "Teapot", 2_999, 3);
    String email = Accounts.unique("browser");

    open("/");
    WebElement teapotLink = wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Teapot")));
    assertThat(browser.findElement(By.id("products")).getText()).contains("Espresso cup", "€4.50", "Teapot", "€29.99", "Only 3 left");
    screenshot("catalogue");

    // Register (which signs in), sign out, and sign in again with the form.
    click(By.id("nav-login"));
    click(By.id("to-register"));
    type(By.name("name"), "Grace Hopper");
    type(By.name("email"), email);
    type(By.name("password"), Accounts.PASSWORD);
    screenshot("register");
    browser.findElement(By.cssSelector("#register button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("signed-in-as"), email));
    click(By.xpath("//button[text()='Sign out']"));
    click(By.id("nav-login"));
    type(By.name("email"), email);
    type(By.name("password"), Accounts.PASSWORD);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("signed-in-as"), email));
    screenshot("signed-in");

    // Browse to the teapot, put two in the cart, check out.
    click(By.linkText("Teapot"));
    wait.until(ExpectedConditions.textToBe(By.id("product-name"), "Teapot"));
    var quantity = browser.findElement(By.id("quantity"));
    quantity.clear();
    quantity.sendKeys("2");
    click(By.id("add-to-cart"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("added"), "2 × Teapot added to your cart."));
    assertThat(browser.findElement(By.id("nav-cart")).getText()).isEqualTo("Cart (2)");
    screenshot("product");
    click(By.id("nav-cart"));
    wait.until(ExpectedConditions.textToBe(By.id("cart-total"), "€59.98"));
    screenshot("cart");
    click(By.id("checkout"));

    // The order's page follows the saga live: reserved, charged, paid.
    wait.until(ExpectedConditions.urlMatches("/orders/[a-f0-9]{24}$"));
    String order = browser.findElement(By.id("order-id")).getText();
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#order-status .status"), "data-status", "paid"));
    assertThat(browser.findElement(By.id("order-status")).getText()).contains("Paid – confirmed");
    assertThat(browser.findElement(By.id("order-total")).getText()).isEqualTo("€59.98");
    assertThat(browser.findElement(By.id("nav-cart")).getText()).isEqualTo("Cart (0)");
    screenshot("order-paid");
    given().when().get("/api/products/" + teapot).then().statusCode(200).body("stock", equalTo(1));

    // The confirmation mail arrives, in the mailbox and on the Messages page.
    var subject = "Your order " + order + " is confirmed";
    click(By.linkText("Messages"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), subject));
    assertThat(mailbox.getMailsSentTo(email)).extracting(m -> m.getSubject()).containsExactly(subject);
    screenshot("confirmation-message");

    // The history lists it; a reload of a page deep in the app (a shared link) opens the same page.
    click(By.linkText("Orders"));
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-order='" + order + "'] .status"), "data-status", "paid"));
    screenshot("order-history");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-order='" + order + "']")));
    open("/products/" + teapot);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".detail .stock"), "Only 1 left"));
  }

  @Test
  void aDeclinedPaymentIsShownAndTheStockComesBack() {
    String admin = Accounts.adminToken();
    // The test provider declines an amount ending in 01.
    String vase = Catalogue.create(admin, "living", "Vase", 1_201, 1);
    String email = Accounts.unique("declined");
    Accounts.register(email, Accounts.PASSWORD);

    open("/products/" + vase);
    click(By.id("add-to-cart"));
    click(By.id("nav-cart"));
    wait.until(ExpectedConditions.textToBe(By.id("checkout"), "Sign in to check out"));
    click(By.id("checkout"));
    wait.until(ExpectedConditions.urlMatches("/login\\?next=%2Fcart$|/login\\?next=/cart$"));
    type(By.name("email"), email);
    type(By.name("password"), Accounts.PASSWORD);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    // Back in the cart it left, signed in.
    wait.until(ExpectedConditions.textToBe(By.id("checkout"), "Place order"));
    click(By.id("checkout"));
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#order-status .status"), "data-status", "payment_failed"));
    assertThat(browser.findElement(By.id("order-reason")).getText()).isNotBlank();
    screenshot("payment-declined");
    given().when().get("/api/products/" + vase).then().statusCode(200).body("stock", equalTo(1));
  }

  private void open(String path) {
    browser.get(root.toString().replaceAll("/$", "") + path);
  }

  private void click(By target) {
    wait.until(ExpectedConditions.elementToBeClickable(target)).click();
  }

  private void type(By field, String text) {
    var element = wait.until(ExpectedConditions.visibilityOfElementLocated(field));
    element.clear();
    element.sendKeys(text);
  }

  private void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", test, ++step, name)), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
