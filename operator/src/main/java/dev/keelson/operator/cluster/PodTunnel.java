package dev.keelson.operator.cluster;

import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How Keelson reaches a port of one of its data services' pods on a target cluster. On the
 * operator's own cluster, directly at the pod's DNS name. On a remote cluster, whose pod network
 * the operator is not part of, through that cluster's API server (the {@code pods/portforward}
 * subresource, as {@code kubectl port-forward}): a local port on the loopback interface, open while
 * the tunnel is. TLS is unaffected: the client checks the certificate against the name it expects,
 * not the address it dials.
 */
public final class PodTunnel implements AutoCloseable {
  /** A pod's DNS name as Keelson gives its StatefulSets' pods: {@code <pod>.<service>.<namespace>.svc}. */
  private static final Pattern POD_HOST = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.[a-z0-9-]+\\.([a-z0-9-]+)\\.svc(\\.cluster\\.local)?$");

  private final String host;
  private final int port;
  private final LocalPortForward forward;
  private final String pod;

  private PodTunnel(String host, int port, LocalPortForward forward, String pod) {
    this.host = host;
    this.port = port;
    this.forward = forward;
    this.pod = pod;
  }

  /**
   * A way to {@code podHost:port} on the cluster.
   *
   * @param podHost the pod's DNS name inside its cluster ({@code <pod>.<service>.<namespace>.svc})
   * @throws RuntimeException when no tunnel can be opened (the local port cannot be bound); a remote
   *     API server that will not forward shows when the tunnel is first used ({@link #failure()})
   */
  public static PodTunnel open(TargetCluster cluster, String podHost, int port) {
    if (cluster.local()) return new PodTunnel(podHost, port, null, null);
    var matcher = POD_HOST.matcher(podHost);
    if (!matcher.matches()) throw new IllegalArgumentException("not a pod's DNS name: " + podHost);
    String pod = matcher.group(1);
    String namespace = matcher.group(3);
    // Loopback only: a port open on every interface would hand anyone who reaches the operator's pod
    // a stream into the remote pod, past that cluster's NetworkPolicies.
    var forward = cluster.client().pods().inNamespace(namespace).withName(pod).portForward(port, InetAddress.getLoopbackAddress(), 0);
    try {
      return new PodTunnel(forward.getLocalAddress().getHostAddress(), forward.getLocalPort(), forward, namespace + "/" + pod);
    } catch (RuntimeException e) {
      closeQuietly(forward);
      throw e;
    }
  }

  /** The host to dial: the pod's name on the operator's own cluster, the loopback address through a tunnel. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /**
   * What the API server or the pod answered when the tunnel failed, in words, or empty: a client
   * that lost its connection adds it to its error, since it only sees the connection close.
   */
  public String failure() {
    if (forward == null || !forward.errorOccurred()) return "";
    return " (port-forward to pod " + pod + " through cluster's API server failed: "
        + Stream.concat(forward.getServerThrowables().stream(), forward.getClientThrowables().stream())
            .map(PodTunnel::describe).distinct().collect(Collectors.joining("; "))
        + ")";
  }

  private static String describe(Throwable error) {
    if (error instanceof WebSocketHandshakeException refused && refused.getResponse() != null) {
      int code = refused.getResponse().code();
      String cause = refused.getCause() != null && refused.getCause().getMessage() != null ? ": " + refused.getCause().getMessage() : "";
      return "the API server answered HTTP " + code + cause + (code == 403
          ? "; the kubeconfig's user needs get and create on pods/portforward and get on pods (deploy/keelson-remote-cluster.yaml)" : "");
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  @Override
  public void close() {
    if (forward != null) closeQuietly(forward);
  }

  private static void closeQuietly(LocalPortForward forward) {
    try {
      forward.close();
    } catch (IOException e) {
      // The tunnel's local socket is gone either way.
    }
  }
}
