package dev.keelson.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the write requests the API server itself has served, from its
 * {@code apiserver_request_total} metric, per {@code verb group/resource[/subresource]}. Reads by
 * the server's own controllers (leases and the like) are left out: only kinds Keelson writes count.
 */
public final class WriteCounter {
  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");
  private static final Set<String> KEELSON_RESOURCES = Set.of(
      "platform.keelson.dev/platforms", "platform.keelson.dev/services", "platform.keelson.dev/workerpools",
      "apps/deployments", "/services", "/events", "/configmaps", "/secrets", "/serviceaccounts",
      "autoscaling/horizontalpodautoscalers", "policy/poddisruptionbudgets",
      "networking.k8s.io/networkpolicies", "networking.k8s.io/ingresses", "apps/statefulsets");
  private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{([^}]*)} ([0-9.e+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final KubernetesClient client;

  WriteCounter(KubernetesClient client) {
    this.client = client;
  }

  /** The writes served so far, per "VERB group/resource[/subresource]". */
  public Map<String, Long> snapshot() {
    var counts = new TreeMap<String, Long>();
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) continue;
      var labels = new TreeMap<String, String>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) labels.put(l.group(1), l.group(2));
      String resource = labels.getOrDefault("group", "") + "/" + labels.get("resource");
      if (!WRITE_VERBS.contains(labels.get("verb")) || !KEELSON_RESOURCES.contains(resource)) continue;
      String sub = labels.getOrDefault("subresource", "");
      String key = labels.get("verb") + " " + resource + (sub.isEmpty() ? "" : "/" + sub);
      counts.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return counts;
  }

  /** What was written between two snapshots; keys with no new writes are left out. */
  public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    var delta = new TreeMap<String, Long>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d != 0) delta.put(k, d);
    });
    return delta;
  }
}
