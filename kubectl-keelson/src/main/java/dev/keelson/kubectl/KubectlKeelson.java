package dev.keelson.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl keelson}: kubectl runs {@code kubectl-keelson} from PATH with the rest of the
 * command line. It reads the cluster kubectl would (KUBECONFIG, the current context), and never writes.
 */
@Command(name = "kubectl keelson", mixinStandardHelpOptions = true, version = "kubectl-keelson 0.2.0",
    description = "Keelson's Platforms, Services and WorkerPools, across their target clusters.")
public final class KubectlKeelson {

  public static void main(String[] args) {
    System.exit(run(() -> new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build(), System.out, System.err, args));
  }

  /** Runs the command line; the exit code. A failure is one line on {@code err}, not a stack trace. */
  public static int run(Supplier<KubernetesClient> clients, PrintStream out, PrintStream err, String... args) {
    var commandLine = new CommandLine(new KubectlKeelson());
    commandLine.addSubcommand("status", new StatusCommand(clients, out));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.println("error: " + explain(e));
      return 1;
    });
    return commandLine.execute(args);
  }

  /** The exception's own words and those of its causes, as far as they add something ("An error has occurred." alone says nothing). */
  static String explain(Throwable e) {
    var words = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (var cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      String said = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
      if (!words.toString().contains(said)) words.append(": ").append(said);
    }
    return words.toString();
  }
}
