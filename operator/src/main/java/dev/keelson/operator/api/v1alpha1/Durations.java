package dev.keelson.operator.api.v1alpha1;

import java.time.Duration;
import java.util.regex.Pattern;

/** Parses the API's duration format ({@link ApiGroup#DURATION}): {@code 500ms}, {@code 10s}, {@code 1h30m}, {@code 7d}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile(ApiGroup.DURATION);

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration: " + text + " (expected e.g. 500ms, 10s, 1h30m, 7d)");
    }
    Duration total = Duration.ZERO;
    var m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    return total;
  }
}
