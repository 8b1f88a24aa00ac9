package dev.keelson.kubectl;

import dev.keelson.operator.cluster.RemoteKubeconfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads, and only reads, what {@code kubectl keelson status} shows: the Platforms of a namespace,
 * their target clusters (reached through the kubeconfig Secrets the Platform names, as Keelson
 * reaches them), their data services and topics, their Services and WorkerPools, and on each
 * cluster the objects Keelson made for each, judged by kstatus. Secrets are not read, but for the
 * kubeconfig Secrets the Platform names.
 */
public final class Inspection implements AutoCloseable {
  static final String API = "platform.keelson.dev/v1alpha1";
  static final String LOCAL = "local";
  /**
   * The kinds Keelson makes on a cluster, as apiVersion and kind. Not Secrets: listing them would
   * fetch their data (and need the right to), and kstatus calls every Secret Current anyway.
   */
  static final List<String[]> MADE = List.of(
      new String[] {"v1", "ServiceAccount"}, new String[] {"v1", "ConfigMap"}, new String[] {"v1", "Service"},
      new String[] {"apps/v1", "Deployment"}, new String[] {"apps/v1", "StatefulSet"},
      new String[] {"autoscaling/v2", "HorizontalPodAutoscaler"}, new String[] {"policy/v1", "PodDisruptionBudget"},
      new String[] {"networking.k8s.io/v1", "NetworkPolicy"}, new String[] {"networking.k8s.io/v1", "Ingress"});

  private final KubernetesClient local;
  private final Function<String, KubernetesClient> connect;
  private final Map<String, KubernetesClient> remotes = new LinkedHashMap<>();
  /** Per cluster client: what Keelson made there, read once per {@link #platforms} call. */
  private final Map<KubernetesClient, List<GenericKubernetesResource>> managed = new java.util.IdentityHashMap<>();
  /** Per cluster client: why it could not be read in this {@link #platforms} call. */
  private final Map<KubernetesClient, String> failures = new java.util.IdentityHashMap<>();

  /** @param connect a client for a kubeconfig (the content of a Platform's kubeconfig Secret) */
  public Inspection(KubernetesClient local, Function<String, KubernetesClient> connect) {
    this.local = local;
    this.connect = connect;
  }

  /**
   * Remote clusters reached under the operator's own rules for a kubeconfig from a Secret
   * ({@link RemoteKubeconfig}): a server, its CA and inline credentials only. Whoever may write
   * such a Secret must not make the plugin run a command ({@code exec}), read a file of the user's
   * machine, or talk through a proxy; and a cluster that does not answer costs seconds, not minutes.
   */
  public static Inspection of(KubernetesClient local) {
    return new Inspection(local, kubeconfig -> {
      var config = RemoteKubeconfig.parse(kubeconfig);
      config.setConnectionTimeout(5_000);
      config.setRequestTimeout(10_000);
      config.setRequestRetryBackoffLimit(0);
      return new KubernetesClientBuilder().withConfig(config).build();
    });
  }

  /**
   * The tree of the namespace's Platforms, or of the one the selection names or belongs to.
   *
   * @param kind platform, service or workerpool (any case, plural too), or null for every Platform
   */
  public List<Node> platforms(String namespace, String kind, String name) {
    managed.clear();
    failures.clear();
    // A kubeconfig Secret may have been rotated since the last look (--watch): its client is made again.
    remotes.values().forEach(KubernetesClient::close);
    remotes.clear();
    var platforms = list(local, "Platform", namespace);
    var services = list(local, "Service", namespace);
    var pools = list(local, "WorkerPool", namespace);
    String only = null;
    if (kind != null) {
      String k = normalize(kind);
      if (k.equals("Platform")) {
        only = name;
      } else {
        var workload = (k.equals("Service") ? services : pools).stream().filter(w -> w.getMetadata().getName().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(k + " " + name + " not found in namespace " + namespace));
        only = platformOf(workload, platforms);
        if (only == null) return List.of(workload(workload, List.of(), Map.of(), namespace));
        String keep = name;
        services = k.equals("Service") ? services.stream().filter(s -> s.getMetadata().getName().equals(keep)).toList() : List.of();
        pools = k.equals("WorkerPool") ? pools.stream().filter(p -> p.getMetadata().getName().equals(keep)).toList() : List.of();
      }
    }
    var trees = new ArrayList<Node>();
    for (var platform : platforms) {
      if (only != null && !only.equals(platform.getMetadata().getName())) continue;
      trees.add(platform(platform, platforms, services, pools, namespace));
    }
    if (only != null && trees.isEmpty()) throw new IllegalArgumentException("Platform " + only + " not found in namespace " + namespace);
    return trees;
  }

  private Node platform(GenericKubernetesResource platform, List<GenericKubernetesResource> platforms, List<GenericKubernetesResource> services,
      List<GenericKubernetesResource> pools, String namespace) {
    String name = platform.getMetadata().getName();
    var clusters = targetClusters(platform, namespace);
    var children = new ArrayList<Node>();
    var reported = clusterStatuses(platform);
    for (var cluster : clusters.entrySet()) {
      var status = reported.get(cluster.getKey());
      children.add(cluster(cluster.getKey(), status, made(cluster.getValue(), namespace, "Platform", name)));
    }
    children.add(dataServices(platform));
    for (var workload : services) {
      if (name.equals(platformOf(workload, platforms))) children.add(workload(workload, List.of(), clusters, namespace));
    }
    for (var workload : pools) {
      if (name.equals(platformOf(workload, platforms))) children.add(workload(workload, List.of(), clusters, namespace));
    }
    return keelsonObject(platform, children);
  }

  private Node workload(GenericKubernetesResource workload, List<Node> extra, Map<String, Target> clusters, String namespace) {
    var children = new ArrayList<>(extra);
    var reported = clusterStatuses(workload);
    for (var entry : reported.entrySet()) {
      var target = clusters.get(entry.getKey());
      var made = target == null ? List.<Node>of() : made(target, namespace, workload.getKind(), workload.getMetadata().getName());
      children.add(cluster(entry.getKey(), entry.getValue(), made));
    }
    return keelsonObject(workload, children);
  }

  private static Node keelsonObject(GenericKubernetesResource object, List<Node> children) {
    var ready = condition(object, "Ready");
    var stalled = condition(object, "Stalled");
    String state;
    boolean ok = false;
    Long observed = Kstatus.longAt(object.getAdditionalProperties(), "status", "observedGeneration");
    Long generation = object.getMetadata().getGeneration();
    if (ready != null && generation != null && observed != null && !observed.equals(generation)) {
      return new Node(object.getApiVersion(), object.getKind(), object.getMetadata().getName(), "NotObserved", false, null,
          "Keelson has not reconciled generation " + generation + " yet (its status is of generation " + observed + ")", children);
    }
    if (ready == null) {
      state = "NotReconciled";
    } else if ("True".equals(ready.get("status"))) {
      state = "Ready";
      ok = true;
    } else if (stalled != null && "True".equals(stalled.get("status"))) {
      state = "Stalled";
    } else if ("Paused".equals(ready.get("reason"))) {
      state = "Paused";
    } else {
      state = "NotReady";
    }
    String reason = ready == null ? null : (String) ready.get("reason");
    String message = ready == null ? "Keelson has not reported on it yet" : (String) ready.get("message");
    return new Node(object.getApiVersion(), object.getKind(), object.getMetadata().getName(), state, ok, reason, message, children);
  }

  private static Node cluster(String name, Map<String, Object> status, List<Node> made) {
    if (status == null) return new Node(null, "Cluster", name, "NotReported", false, null, "not in the status yet", made);
    boolean ready = Boolean.TRUE.equals(status.get("ready"));
    return new Node(null, "Cluster", name, ready ? "Ready" : "NotReady", ready, (String) status.get("reason"), (String) status.get("message"),
        made);
  }

  @SuppressWarnings("unchecked")
  private static Node dataServices(GenericKubernetesResource platform) {
    var status = platform.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
    var services = new ArrayList<Node>();
    for (String service : List.of("redis", "mongodb")) {
      if (status.get(service) instanceof Map<?, ?> s) services.add(dataService(service, (Map<String, Object>) s, List.of()));
    }
    var kafkas = new ArrayList<Map<String, Object>>();
    if (status.get("kafka") instanceof Map<?, ?> k) kafkas.add((Map<String, Object>) k);
    if (status.get("clusterKafkas") instanceof List<?> list) list.forEach(k -> kafkas.add((Map<String, Object>) k));
    for (var kafka : kafkas) {
      var topics = new ArrayList<Node>();
      if (kafka.get("topics") instanceof List<?> list) {
        for (var t : list) {
          var topic = (Map<String, Object>) t;
          boolean ready = Boolean.TRUE.equals(topic.get("ready"));
          topics.add(new Node(null, "Topic", (String) topic.get("name"), ready ? "Ready" : "NotReady", ready, (String) topic.get("reason"),
              topic.get("partitions") + " partition(s), " + topic.get("origin") + (ready ? "" : ": " + topic.get("message")), List.of()));
        }
      }
      services.add(dataService("kafka " + kafka.get("bootstrapServers"), kafka, topics));
    }
    boolean ok = services.stream().allMatch(Node::ok);
    return new Node(null, "DataServices", "", ok ? "Ready" : "NotReady", ok, null,
        services.isEmpty() ? "none" : services.size() + " data service(s)", services);
  }

  private static Node dataService(String name, Map<String, Object> status, List<Node> children) {
    boolean ready = Boolean.TRUE.equals(status.get("ready"));
    return new Node(null, "DataService", name, ready ? "Ready" : "NotReady", ready, (String) status.get("reason"), (String) status.get("message"),
        children);
  }

  /** What Keelson made for the owner on the cluster, by owner labels; kstatus judges each. */
  private List<Node> made(Target target, String namespace, String ownerKind, String ownerName) {
    if (target.client() == null) return List.of(new Node(null, "Error", "", "Unreadable", false, null, target.problem(), List.of()));
    var nodes = new ArrayList<Node>();
    var failure = failures.get(target.client());
    if (failure != null) return List.of(new Node(null, "Error", "", "Unreadable", false, null, failure, List.of()));
    try {
      for (var item : managed(target, namespace)) {
        var labels = item.getMetadata().getLabels();
        if (!ownerKind.equals(labels.get("keelson.dev/owner-kind")) || !ownerName.equals(labels.get("keelson.dev/owner-name"))) continue;
        var verdict = Kstatus.of(item);
        nodes.add(new Node(item.getApiVersion(), item.getKind(), item.getMetadata().getName(), verdict.status(), verdict.current(), null,
            verdict.message(), List.of()));
      }
    } catch (KubernetesClientException e) {
      String why = "cannot read the cluster: " + firstLine(e.getMessage());
      failures.put(target.client(), why);
      return List.of(new Node(null, "Error", "", "Unreadable", false, null, why, List.of()));
    }
    return nodes;
  }

  /** Everything Keelson made in the namespace on that cluster, each kind listed once per run; a failure is kept as well. */
  private List<GenericKubernetesResource> managed(Target target, String namespace) {
    return managed.computeIfAbsent(target.client(), client -> {
      var all = new ArrayList<GenericKubernetesResource>();
      for (var made : MADE) {
        var items = client.genericKubernetesResources(made[0], made[1]).inNamespace(namespace)
            .withLabelSelector("app.kubernetes.io/managed-by=keelson").list().getItems();
        for (var item : items) {
          if (item.getMetadata().getLabels() != null) all.add(item);
        }
      }
      return all;
    });
  }

  /** A target cluster: its client, or why there is none. */
  record Target(KubernetesClient client, String problem) {}

  /** The Platform's target clusters by name, each with a client reaching it; none for the implicit one: the current cluster. */
  @SuppressWarnings("unchecked")
  private Map<String, Target> targetClusters(GenericKubernetesResource platform, String namespace) {
    var targets = new LinkedHashMap<String, Target>();
    var spec = platform.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
    if (!(spec.get("clusters") instanceof List<?> clusters) || clusters.isEmpty()) {
      targets.put(LOCAL, new Target(local, null));
      return targets;
    }
    for (var c : clusters) {
      var cluster = (Map<String, Object>) c;
      String name = (String) cluster.get("name");
      if (Boolean.TRUE.equals(cluster.get("inCluster"))) {
        targets.put(name, new Target(local, null));
      } else if (cluster.get("kubeconfigSecretRef") instanceof Map<?, ?> ref) {
        targets.put(name, remote(namespace, (String) ref.get("name"), Objects.requireNonNullElse((String) ref.get("key"), "kubeconfig")));
      }
    }
    return targets;
  }

  private Target remote(String namespace, String secret, String key) {
    String id = namespace + "/" + secret + "/" + key;
    var known = remotes.get(id);
    if (known != null) return new Target(known, null);
    try {
      var found = local.secrets().inNamespace(namespace).withName(secret).get();
      if (found == null || found.getData() == null || found.getData().get(key) == null) {
        return new Target(null, "Secret " + secret + " with key " + key + " not found in namespace " + namespace);
      }
      var client = connect.apply(new String(Base64.getDecoder().decode(found.getData().get(key)), StandardCharsets.UTF_8));
      remotes.put(id, client);
      return new Target(client, null);
    } catch (IllegalArgumentException e) {
      // RemoteKubeconfig's own words name the field, never the Secret's content.
      return new Target(null, "the kubeconfig in Secret " + secret + " is refused: " + e.getMessage());
    } catch (RuntimeException e) {
      return new Target(null, "cannot use the kubeconfig in Secret " + secret);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> clusterStatuses(GenericKubernetesResource object) {
    var result = new LinkedHashMap<String, Map<String, Object>>();
    if (Kstatus.at(object.getAdditionalProperties(), "status", "clusters") instanceof List<?> list) {
      list.forEach(c -> result.put((String) ((Map<String, Object>) c).get("name"), (Map<String, Object>) c));
    }
    return result;
  }

  private static Map<String, Object> condition(GenericKubernetesResource object, String type) {
    return Kstatus.conditions(object.getAdditionalProperties()).stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
  }

  /** The Platform a workload runs on: the one its platformRef names, or else the only one of the namespace. */
  private static String platformOf(GenericKubernetesResource workload, List<GenericKubernetesResource> platforms) {
    String ref = Kstatus.stringAt(workload.getAdditionalProperties(), "spec", "platformRef", "name");
    if (ref != null) return ref;
    return platforms.size() == 1 ? platforms.get(0).getMetadata().getName() : null;
  }

  private static List<GenericKubernetesResource> list(KubernetesClient client, String kind, String namespace) {
    return client.genericKubernetesResources(API, kind).inNamespace(namespace).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(r -> r.getMetadata().getName())).toList();
  }

  static String normalize(String kind) {
    return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
      case "platform", "platforms" -> "Platform";
      case "service", "services", "svc", "keelsonservice" -> "Service";
      case "workerpool", "workerpools", "wp" -> "WorkerPool";
      default -> throw new IllegalArgumentException("unknown kind " + kind + ": use platform, service or workerpool");
    };
  }

  private static String firstLine(String message) {
    if (message == null) return "";
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    remotes.values().forEach(KubernetesClient::close);
  }
}
