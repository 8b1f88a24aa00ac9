package dev.keelson.shop.queue;

import java.time.Duration;
import java.util.regex.Pattern;

/** The delay of a retry topic, from its name: {@code <topic>.retry.<delay>}, e.g. {@code .retry.10s}, {@code .retry.1h30m}. */
public final class RetryDelay {
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("^([0-9]+(ms|s|m|h|d))+$");

  private RetryDelay() {}

  public static Duration of(String topic) {
    int at = topic.lastIndexOf(".retry.");
    if (at < 0) return Duration.ZERO;
    String text = topic.substring(at + ".retry.".length());
    if (!WHOLE.matcher(text).matches()) throw new IllegalArgumentException("retry topic " + topic + " does not end in a delay such as 10s");
    var matcher = PART.matcher(text);
    Duration total = Duration.ZERO;
    while (matcher.find()) {
      long n = Long.parseLong(matcher.group(1));
      total = total.plus(switch (matcher.group(2)) {
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
