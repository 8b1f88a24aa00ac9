package dev.keelson.shop.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Connection details as Keelson hands them to a workload: one file per entry under
 * {@code $SERVICE_BINDING_ROOT/<binding>/<key>} (the Service Binding layout, default root
 * /bindings). For local runs the configuration property {@code keelson.<binding>.<key>}, e.g. the
 * environment variable {@code KEELSON_MONGODB_URI}, overrides a file.
 */
public final class Bindings {
  private final Path root;
  private final Function<String, Optional<String>> overrides;

  public Bindings(Path root, Function<String, Optional<String>> overrides) {
    this.root = root;
    this.overrides = overrides;
  }

  /** The process's own bindings: SERVICE_BINDING_ROOT, and overrides from its configuration. */
  public static Bindings fromConfig(Config config) {
    return new Bindings(Path.of(config.getOptionalValue("service.binding.root", String.class).orElse("/bindings")),
        name -> config.getOptionalValue(name, String.class));
  }

  public Optional<String> value(String binding, String key) {
    var override = overrides.apply("keelson." + binding + "." + key).filter(v -> !v.isBlank());
    if (override.isPresent()) return override;
    Path file = root.resolve(binding).resolve(key);
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read binding " + binding + "/" + key, e);
    }
  }

  /** The value, or an error naming both places it could have come from. */
  public String require(String binding, String key) {
    return value(binding, key).orElseThrow(() -> new IllegalStateException("no " + binding + " binding: neither "
        + root.resolve(binding).resolve(key) + " nor KEELSON_" + (binding + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_')
        + " (keelson." + binding + "." + key + ") is set"));
  }

  /** Path of a binding file (a CA bundle), when it exists. */
  public Optional<Path> file(String binding, String key) {
    Path file = root.resolve(binding).resolve(key);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
