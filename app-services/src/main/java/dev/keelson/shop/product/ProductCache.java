package dev.keelson.shop.product;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keelson.shop.common.RedisProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Cache-aside for single products in Redis, for {@value #TTL_SECONDS} s, under the service's key
 * prefix; a write evicts. Redis is a cache only: when it cannot be reached a read goes to MongoDB
 * and a write still succeeds (the entry then expires on its own), counted in
 * {@code product_cache_errors_total}.
 */
@ApplicationScoped
public class ProductCache {
  static final long TTL_SECONDS = Duration.ofHours(1).toSeconds();
  private static final Logger LOG = Logger.getLogger(ProductCache.class);

  private final RedisProvider redis;
  private final ObjectMapper json;
  private final Counter hits;
  private final Counter misses;
  private final Counter errors;

  public ProductCache(RedisProvider redis, ObjectMapper json, MeterRegistry metrics) {
    this.redis = redis;
    this.json = json;
    this.hits = metrics.counter("product_cache_requests_total", "result", "hit");
    this.misses = metrics.counter("product_cache_requests_total", "result", "miss");
    this.errors = metrics.counter("product_cache_errors_total");
  }

  public String key(String id) {
    return redis.keyPrefix() + "product:" + id;
  }

  public Optional<Product> get(String id) {
    try {
      String cached = redis.client().get(key(id));
      if (cached == null) {
        misses.increment();
        return Optional.empty();
      }
      hits.increment();
      return Optional.of(json.readValue(cached, Product.class));
    } catch (RuntimeException | JsonProcessingException e) {
      failed("read", id, e);
      return Optional.empty();
    }
  }

  public void put(Product product) {
    try {
      redis.client().setex(key(product.id()), TTL_SECONDS, json.writeValueAsString(product));
    } catch (RuntimeException | JsonProcessingException e) {
      failed("fill", product.id(), e);
    }
  }

  public void evict(String id) {
    try {
      redis.client().del(key(id));
    } catch (RuntimeException e) {
      failed("evict", id, e);
    }
  }

  private void failed(String action, String id, Exception e) {
    errors.increment();
    LOG.warnf("product cache: could not %s product %s: %s", action, id, e.getMessage());
  }
}
