package dev.keelson.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real kube-apiserver and etcd (fabric8 kube-api-test, offline, on the binaries that
 * {@code hack/envtest-binaries.sh} builds from their Go modules), shared by the tests of one JVM
 * and stopped when it exits. Each test works in a namespace of its own.
 */
public final class RealApiServer {
  public static final String K8S_VERSION = "1.37.2";
  private static RealApiServer shared;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubeAPIServer server;
  private final String kubeconfig;
  private final KubernetesClient client;

  private RealApiServer() {
    Path tools = toolsDir();
    Path binaries = tools.resolve("k8s").resolve(K8S_VERSION + "-linux-amd64");
    for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
      if (!Files.isExecutable(binaries.resolve(binary))) {
        throw new IllegalStateException(binaries.resolve(binary) + " is missing: run hack/envtest-binaries.sh first "
            + "(it builds the control plane from its Go modules)");
      }
    }
    var config = KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(tools.toString())
        .withOfflineMode(true)
        .withApiServerVersion(K8S_VERSION)
        .withUpdateKubeConfig(false)
        .build();
    server = new KubeAPIServer(config);
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    client = newClient();
  }

  /** The server all tests of this JVM share, started on first use. */
  public static synchronized RealApiServer shared() {
    if (shared == null) {
      shared = new RealApiServer();
      shared.installCrds();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /** A server of its own, for tests that stop it; the caller stops it. */
  public static RealApiServer dedicated() {
    var server = new RealApiServer();
    server.installCrds();
    return server;
  }

  public static Path toolsDir() {
    String configured = System.getenv("KEELSON_TOOLS_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "keelson");
  }

  public static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("crds")) ? here : here.getParent();
  }

  public KubernetesClient client() {
    return client;
  }

  /** A new client of its own (the operator under test gets one, so closing it leaves the tests' client alone). */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /** A client that acts as a ServiceAccount (impersonation), so RBAC decides what it may do. */
  public KubernetesClient newClientAs(String namespace, String serviceAccount) {
    var config = Config.fromKubeconfig(kubeconfig);
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public String kubeconfig() {
    return kubeconfig;
  }

  /** Port of the API server, from its kubeconfig. */
  public int port() {
    var matcher = SERVER_URL.matcher(kubeconfig);
    if (!matcher.find()) throw new IllegalStateException("no server URL in the kubeconfig");
    return Integer.parseInt(matcher.group(2));
  }

  /**
   * The kubeconfig, with the server reached on another local port (a {@link TcpProxy} in front of
   * it) and every file it names inlined as data, as a kubeconfig handed to Keelson must be.
   */
  public String kubeconfigVia(int port) {
    var config = io.fabric8.kubernetes.client.internal.KubeConfigUtils.parseConfigFromString(
        SERVER_URL.matcher(kubeconfig).replaceAll("$1" + port));
    for (var cluster : config.getClusters()) {
      var c = cluster.getCluster();
      if (c.getCertificateAuthority() != null) {
        c.setCertificateAuthorityData(inline(c.getCertificateAuthority()));
        c.setCertificateAuthority(null);
      }
    }
    for (var user : config.getUsers()) {
      var u = user.getUser();
      if (u.getClientCertificate() != null) {
        u.setClientCertificateData(inline(u.getClientCertificate()));
        u.setClientCertificate(null);
      }
      if (u.getClientKey() != null) {
        u.setClientKeyData(inline(u.getClientKey()));
        u.setClientKey(null);
      }
    }
    return client.getKubernetesSerialization().asYaml(config);
  }

  private static String inline(String file) {
    try {
      return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The kubeconfig, reached on another local port, of a ServiceAccount: a bearer token from the
   * TokenRequest API (one hour) instead of the admin's client certificate, as a user would hand
   * Keelson a remote cluster; the server's RBAC decides what its holder may do.
   */
  public String kubeconfigVia(int port, String serviceAccountNamespace, String serviceAccount) {
    var request = new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
        .withNewSpec().withExpirationSeconds(3600L).endSpec().build();
    String token = client.serviceAccounts().inNamespace(serviceAccountNamespace).withName(serviceAccount).tokenRequest(request)
        .getStatus().getToken();
    var config = io.fabric8.kubernetes.client.internal.KubeConfigUtils.parseConfigFromString(kubeconfigVia(port));
    for (var user : config.getUsers()) {
      var auth = user.getUser();
      auth.setClientCertificate(null);
      auth.setClientCertificateData(null);
      auth.setClientKey(null);
      auth.setClientKeyData(null);
      auth.setToken(token);
    }
    return client.getKubernetesSerialization().asYaml(config);
  }

  private static final java.util.regex.Pattern SERVER_URL = java.util.regex.Pattern.compile("(server:\\s*https://[^:/\\s]+:)(\\d+)");

  /** Writes the kubeconfig to a file, for kubectl. */
  public Path kubeconfigFile() throws IOException {
    Path file = Files.createTempFile("keelson-kubeconfig", ".yaml");
    Files.writeString(file, kubeconfig);
    file.toFile().deleteOnExit();
    return file;
  }

  /** Creates the object a YAML manifest describes in the namespace, as a user's kubectl create would. */
  public <T extends HasMetadata> T create(String namespace, String yaml, Class<T> type) {
    return client.resource(client.getKubernetesSerialization().unmarshal(yaml, type)).inNamespace(namespace).create();
  }

  public String createNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    return name;
  }

  /** Installs every CRD in crds/ and waits until the server serves them. */
  public void installCrds() {
    try (Stream<Path> files = Files.list(repositoryRoot().resolve("crds"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          HasMetadata crd = client.getKubernetesSerialization().unmarshal(in);
          client.resource((CustomResourceDefinition) crd).fieldManager("keelson-tests").forceConflicts().serverSideApply();
          client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
              .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                  && c.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                  30, TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read crds/", e);
    }
  }

  /**
   * Adds a /16 of ClusterIPs through the ServiceCIDR API: kube-api-test starts the server with a
   * /24, whose 254 addresses run out long before a benchmark's 1000 Services (its own flag comes
   * after any we pass, so a wider range cannot be given on the command line).
   */
  public void addServiceCidr(String name, String cidr) {
    var serviceCidr = client.getKubernetesSerialization().unmarshal(
        "apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: " + name + "}\nspec: {cidrs: [\"" + cidr + "\"]}\n",
        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    client.resource(serviceCidr).fieldManager("keelson-tests").serverSideApply();
  }

  public WriteCounter writeCounter() {
    return new WriteCounter(client);
  }

  public void stop() {
    client.close();
    server.stop();
  }
}
