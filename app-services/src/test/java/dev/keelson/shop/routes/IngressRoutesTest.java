package dev.keelson.shop.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keelson.shop.common.BelongsTo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

/**
 * Every API the shop serves is reached through the sample's Ingress routes: the Ingress Keelson
 * writes for a Service routes {@code expose.path} (pathType Prefix) to it, so the Service whose
 * prefix matches an API's path longest, as an ingress controller picks it, must be the one that
 * runs the service the API belongs to (its {@code KEELSON_SERVICE}). The internal APIs of the
 * order saga ({@code /api/internal/...}) must reach no service that serves them from outside (only
 * the storefront's catch-all {@code /}, which answers them 404), and the storefront's pages reach the
 * storefront.
 */
class IngressRoutesTest {
  private static final java.nio.file.Path SAMPLE = java.nio.file.Path.of("..", "samples", "shop", "services.yaml");
  private static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target", "classes");

  /** A Service of the sample with an Ingress: its host, path prefix and which of the shop's services it runs. */
  record Route(String name, String host, String prefix, String service) {
    /** Kubernetes' Prefix match: by whole path elements. */
    boolean matches(String path) {
      if (prefix.equals("/")) return true;
      String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
      return path.equals(p) || path.startsWith(p + "/");
    }
  }

  /** One API: its method, a concrete path for its template, and the service it belongs to. */
  record Api(String method, String path, String service) {}

  @Test
  void everyApiIsRoutedToTheServiceItBelongsTo() throws Exception {
    var routes = routes();
    var apis = apis();
    assertThat(apis).extracting(Api::path).contains("/api/users", "/api/users/login", "/api/products/x/stock", "/api/orders/x/status",
        "/api/analytics/summary");
    String internal = restRoot().replaceAll("/$", "") + "/internal";
    var misrouted = new ArrayList<String>();
    for (var api : apis) {
      var route = routes.stream().filter(r -> r.matches(api.path())).max(Comparator.comparingInt(r -> r.prefix().length()));
      String target = route.map(r -> r.name() + " (" + r.service() + ")").orElse("no route");
      boolean isInternal = api.path().startsWith(internal + "/");
      if (isInternal && route.isPresent() && !route.get().service().equals("storefront")) {
        misrouted.add(api.method() + " " + api.path() + " is internal but reaches " + target + " from outside");
      } else if (!isInternal && (route.isEmpty() || !route.get().service().equals(api.service()))) {
        misrouted.add(api.method() + " " + api.path() + " belongs to " + api.service() + " but reaches " + target);
      }
    }
    assertThat(misrouted).isEmpty();
    assertThat(apis).extracting(Api::path).contains(internal + "/payments", internal + "/products/x/reservations/x");
  }

  @Test
  void theStorefrontsPagesAreRoutedToTheStorefront() throws Exception {
    var routes = routes();
    for (String page : List.of("/", "/products/x", "/cart", "/login", "/register", "/orders", "/orders/x", "/messages", "/assets/index.js")) {
      var route = routes.stream().filter(r -> r.matches(page)).max(Comparator.comparingInt(r -> r.prefix().length()));
      assertThat(route).as(page).map(Route::service).contains("storefront");
    }
  }

  @Test
  void aPrefixMatchesWholePathElementsOnly() {
    var users = new Route("user-service", "shop.example.com", "/api/users", "user");
    assertThat(users.matches("/api/users")).isTrue();
    assertThat(users.matches("/api/users/login")).isTrue();
    assertThat(users.matches("/api/usersx")).isFalse();
  }

  private static List<Route> routes() throws IOException {
    var routes = new ArrayList<Route>();
    try (var documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(SAMPLE.toFile())) {
      while (documents.hasNext()) {
        var document = documents.next();
        var expose = document.path("spec").path("expose");
        if (!"Service".equals(document.path("kind").asText()) || expose.isMissingNode()) continue;
        String service = "";
        for (var env : document.path("spec").path("env")) {
          if ("KEELSON_SERVICE".equals(env.path("name").asText())) service = env.path("value").asText();
        }
        routes.add(new Route(document.path("metadata").path("name").asText(), expose.path("host").asText(),
            expose.path("path").asText("/"), service));
      }
    }
    assertThat(routes).extracting(Route::host).containsOnly("shop.example.com");
    return routes;
  }

  /** The shop's JAX-RS resource methods, from its compiled classes. */
  private static List<Api> apis() throws Exception {
    String root = restRoot();
    var apis = new ArrayList<Api>();
    try (Stream<java.nio.file.Path> files = Files.walk(CLASSES)) {
      for (var file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
        String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        var type = Class.forName(name, false, IngressRoutesTest.class.getClassLoader());
        var path = type.getAnnotation(Path.class);
        if (path == null || type.isAnnotationPresent(RegisterRestClient.class)) continue;
        var belongsTo = type.getAnnotation(BelongsTo.class);
        assertThat(belongsTo).as("%s serves %s without saying which service it belongs to", type.getSimpleName(), path.value()).isNotNull();
        for (Method method : type.getDeclaredMethods()) {
          verb(method).ifPresent(verb -> {
            var sub = method.getAnnotation(Path.class);
            String template = join(root, path.value(), sub == null ? "" : sub.value());
            apis.add(new Api(verb, template.replaceAll("\\{[^}]+}", "x"), belongsTo.value()));
          });
        }
      }
    }
    return apis;
  }

  private static Optional<String> verb(Method method) {
    if (method.isAnnotationPresent(GET.class)) return Optional.of("GET");
    if (method.isAnnotationPresent(POST.class)) return Optional.of("POST");
    if (method.isAnnotationPresent(PUT.class)) return Optional.of("PUT");
    if (method.isAnnotationPresent(PATCH.class)) return Optional.of("PATCH");
    if (method.isAnnotationPresent(jakarta.ws.rs.DELETE.class)) return Optional.of("DELETE");
    return Optional.empty();
  }

  private static String restRoot() throws IOException {
    var properties = new Properties();
    try (InputStream in = Files.newInputStream(CLASSES.resolve("application.properties"))) {
      properties.load(in);
    }
    return properties.getProperty("quarkus.rest.path", "/");
  }

  private static String join(String... parts) {
    var path = new StringBuilder();
    for (String part : parts) {
      for (String element : part.split("/")) {
        if (!element.isEmpty()) path.append('/').append(element);
      }
    }
    return path.length() == 0 ? "/" : path.toString();
  }
}
