package dev.keelson.kubectl;

import dev.keelson.operator.api.v1alpha1.Durations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl keelson status [-n NS] [KIND/NAME] [-o tree|wide|json|yaml] [--watch]}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "A Platform, its target clusters, its data services and topics, its Services and WorkerPools, and on each cluster "
        + "the objects Keelson made there with kstatus's verdict; the deepest node that is not as it should be on each stuck branch is "
        + "marked, with its full reason and message. Read-only; remote clusters are read through the kubeconfig Secrets the Platform names.")
public final class StatusCommand implements Callable<Integer> {
  @Option(names = {"-n", "--namespace"}, description = "Namespace; default: the kubeconfig's")
  String namespace;

  @Option(names = {"-o", "--output"}, defaultValue = "tree", description = "tree (default), wide (messages in full), json or yaml")
  String output;

  @Option(names = {"-w", "--watch"}, description = "Print again whenever what it shows changes (every --interval)")
  boolean watch;

  @Option(names = "--interval", defaultValue = "2s", description = "How often --watch looks, e.g. 2s")
  String interval;

  @Option(names = "--watch-limit", hidden = true, defaultValue = "0", description = "Stop after this many prints (tests)")
  int watchLimit;

  @Parameters(arity = "0..1", paramLabel = "KIND/NAME", description = "platform/NAME, service/NAME or workerpool/NAME; default: every Platform")
  String selection;

  private final Supplier<KubernetesClient> clients;
  private final PrintStream out;

  public StatusCommand(Supplier<KubernetesClient> clients, PrintStream out) {
    this.clients = clients;
    this.out = out;
  }

  @Override
  public Integer call() throws InterruptedException {
    String kind = null;
    String name = null;
    if (selection != null) {
      int slash = selection.indexOf('/');
      if (slash < 1 || slash == selection.length() - 1) throw new IllegalArgumentException("expected KIND/NAME, e.g. service/orders");
      kind = Inspection.normalize(selection.substring(0, slash));
      name = selection.substring(slash + 1);
    }
    if (!List.of("tree", "wide", "json", "yaml").contains(output)) throw new IllegalArgumentException("-o must be tree, wide, json or yaml");
    try (var client = clients.get(); var inspection = Inspection.of(client)) {
      String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
      String last = null;
      int printed = 0;
      while (true) {
        String text;
        try {
          text = render(inspection.platforms(ns, kind, name));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          throw new IllegalStateException("cannot read namespace " + ns + " on the cluster at " + client.getMasterUrl() + ": "
              + KubectlKeelson.explain(e), e);
        }
        if (!text.equals(last)) {
          if (last != null) out.println("---");
          out.print(text);
          out.flush();
          last = text;
          printed++;
        }
        if (!watch || (watchLimit > 0 && printed >= watchLimit)) return 0;
        Thread.sleep(Durations.parse(interval).toMillis());
      }
    }
  }

  String render(List<Node> trees) {
    return switch (output) {
      case "json" -> Serialization.asJson(Map.of("platforms", trees)) + "\n";
      case "yaml" -> Serialization.asYaml(Map.of("platforms", trees));
      default -> new TreeRenderer(output.equals("wide")).render(trees);
    };
  }
}
