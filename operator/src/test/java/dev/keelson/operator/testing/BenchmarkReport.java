package dev.keelson.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Where a benchmark's Markdown table goes: printed, and written to target/benchmarks/&lt;name&gt;-&lt;time&gt;.md. */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  public static void publish(String name, String report) throws IOException {
    System.out.println("\n" + report);
    Path out = Path.of("target", "benchmarks", name + "-" + Instant.now().toString().replace(':', '-') + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("written to " + out.toAbsolutePath());
  }
}
