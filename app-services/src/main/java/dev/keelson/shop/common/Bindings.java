package dev.keelson.shop.common;

import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The entries of Keelson's bindings as quarkus-kubernetes-service-binding gives them to the
 * configuration: the library reads {@code $SERVICE_BINDING_ROOT/<binding>/<key>} (one file per
 * entry, the Service Binding layout) and offers each as {@code quarkus.service-binding.<binding>.<key>};
 * its converters turn the kafka and mongodb bindings into {@code kafka.*} and {@code quarkus.mongodb.*}.
 * This reads what no converter covers: Redis, topic names, the CA bundles. For a local run without
 * bindings, the same property (e.g. {@code QUARKUS_SERVICE_BINDING_REDIS_HOST}) sets an entry.
 */
public final class Bindings {
  static final String PREFIX = "quarkus.service-binding.";
  private final Config config;

  public Bindings(Config config) {
    this.config = config;
  }

  public Optional<String> value(String binding, String key) {
    return config.getOptionalValue(property(binding, key), String.class).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The value, or an error naming the file and the property it could have come from. */
  public String require(String binding, String key) {
    return value(binding, key).orElseThrow(() -> new IllegalStateException("no " + binding + " binding: neither "
        + root() + "/" + binding + "/" + key + " nor " + property(binding, key) + " ("
        + property(binding, key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ") is set"));
  }

  private String root() {
    return config.getOptionalValue("quarkus.kubernetes-service-binding.root", String.class).orElse("$SERVICE_BINDING_ROOT");
  }

  static String property(String binding, String key) {
    return PREFIX + binding + "." + key;
  }
}
