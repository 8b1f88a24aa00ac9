package dev.keelson.shop.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * At most {@code keelson.rate-limit.requests-per-minute} API requests per client and minute,
 * counted in Redis so that every replica shares the count (a fixed window per minute: INCR and an
 * expiry on the key {@code <prefix>rate:<client>:<minute>}). The client is the signed-in user when
 * the request carries a valid token, else its address as the trusted proxies in front of the service
 * report it ({@code keelson.rate-limit.trusted-proxies}, {@link ClientAddress}: a client's own
 * X-Forwarded-For cannot name another address to be counted under). By user, so that the calls one service makes for its users (the
 * order service asking the product service, all from one pod's address) count against each user
 * and not against one shared address; a user's order therefore counts twice at the product service. Over the limit: 429 with
 * Retry-After. Without a redis binding the limit is off. While Redis cannot be reached, requests
 * are let through (counted in {@code rate_limit_errors_total}): the limit protects the services, it
 * must not take them down — except logins and registrations (POST /api/users/login, POST /api/users), which are refused (503) then, because
 * an uncounted login is an unlimited password guess.
 */
@ApplicationScoped
public class RateLimiter {
  /**
   * The services' calls to each other (the order saga's), under no Ingress route: not counted, or
   * the order service's one address would exhaust its limit with its customers' orders.
   */
  static final String INTERNAL = "/api/internal/";
  /** Where the user service signs in and registers. */
  private static final Set<String> SIGN_IN_PATHS = Set.of("/api/users/login", "/api/users");
  private static final Logger LOG = Logger.getLogger(RateLimiter.class);
  private final RedisProvider redis;
  private final Clock clock;
  private final int perMinute;
  private final Counter refused;
  private final Counter errors;

  private final SecurityIdentity identity;
  private final List<ClientAddress.Cidr> trustedProxies;

  public RateLimiter(RedisProvider redis, Clock clock, MeterRegistry metrics, SecurityIdentity identity,
      @ConfigProperty(name = "keelson.rate-limit.requests-per-minute", defaultValue = "600") int perMinute,
      @ConfigProperty(name = "keelson.rate-limit.trusted-proxies") List<String> trustedProxies) {
    this.trustedProxies = trustedProxies.stream().filter(s -> !s.isBlank()).map(ClientAddress.Cidr::parse).toList();
    this.redis = redis;
    this.identity = identity;
    this.clock = clock;
    this.perMinute = perMinute;
    this.refused = metrics.counter("rate_limit_refused_total");
    this.errors = metrics.counter("rate_limit_errors_total");
  }

  @ServerRequestFilter
  public Optional<Response> limit(HttpServerRequest request) {
    if (perMinute <= 0 || !redis.configured() || request.path().startsWith(INTERNAL)) return Optional.empty();
    long now = clock.millis();
    long minute = now / 60_000;
    String key = redis.keyPrefix() + "rate:" + client(request) + ":" + minute;
    long count;
    try {
      var jedis = redis.client();
      count = jedis.incr(key);
      if (count == 1) jedis.expire(key, 120);
    } catch (RuntimeException e) {
      errors.increment();
      LOG.debugf("rate limit not counted: %s", e.getMessage());
      if (!isSignIn(request)) return Optional.empty();
      return Optional.of(Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
          "sign-in is unavailable while its rate limit cannot be counted; retry shortly")).header("Retry-After", "5").build());
    }
    if (count <= perMinute) return Optional.empty();
    refused.increment();
    long retryAfter = Math.max(1, (minute + 1) * 60 - now / 1000);
    var problem = Problem.response(Response.Status.TOO_MANY_REQUESTS, "more than " + perMinute + " requests in a minute; retry after "
        + retryAfter + " s");
    return Optional.of(Response.fromResponse(problem).header("Retry-After", Long.toString(retryAfter)).build());
  }

  private static boolean isSignIn(HttpServerRequest request) {
    String path = request.path();
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    return "POST".equals(request.method().name()) && SIGN_IN_PATHS.contains(path);
  }

  private String client(HttpServerRequest request) {
    if (!identity.isAnonymous()) return "user:" + identity.getPrincipal().getName();
    var peer = request.remoteAddress();
    return ClientAddress.of(peer == null ? "unknown" : peer.hostAddress(), request.getHeader("X-Forwarded-For"), trustedProxies);
  }
}
