package dev.keelson.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The fastest plain client the benchmarks measure the API server with: {@code raw-apply}
 * (hack/bench-tools, client-go's REST client over HTTP/2 with no client-side rate limit), built by
 * {@code hack/bench-services.sh} and named by the system property {@value #PROPERTY}.
 */
public final class RawApply {
  public static final String PROPERTY = "keelson.bench.rawApply";
  private static final Pattern RATE = Pattern.compile("([0-9.]+) objects/s");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private RawApply() {}

  public static boolean available() {
    return !System.getProperty(PROPERTY, "").isBlank();
  }

  /** Server-side-applies the objects with {@code workers} requests in flight; objects per second. */
  public static double apply(RealApiServer server, List<HasMetadata> objects, int workers) throws IOException, InterruptedException {
    Path input = Files.createTempFile("raw-apply", ".tsv");
    try {
      var lines = new StringBuilder();
      for (var object : objects) lines.append(path(object)).append('\t').append(JSON.asJson(object)).append('\n');
      Files.writeString(input, lines, StandardCharsets.UTF_8);
      var process = new ProcessBuilder(System.getProperty(PROPERTY), "-kubeconfig", server.kubeconfigFile().toString(),
          "-workers", String.valueOf(workers)).redirectInput(input.toFile()).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) throw new IllegalStateException("raw-apply failed: " + out);
      var m = RATE.matcher(out);
      if (!m.find()) throw new IllegalStateException("raw-apply printed no rate: " + out);
      return Double.parseDouble(m.group(1));
    } finally {
      Files.deleteIfExists(input);
    }
  }

  /** The request path of a namespaced object: /api/v1/namespaces/NS/PLURAL/NAME or /apis/GROUP/VERSION/... */
  static String path(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return root + "/namespaces/" + object.getMetadata().getNamespace() + "/" + HasMetadata.getPlural(object.getClass()) + "/"
        + object.getMetadata().getName();
  }
}
