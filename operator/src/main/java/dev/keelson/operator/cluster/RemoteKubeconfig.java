package dev.keelson.operator.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubeconfig of a remote cluster, as a user hands it to Keelson in a Secret, turned into a
 * client configuration that can only do what the kubeconfig's data says: a server, its CA, and a
 * bearer token or a client certificate, all inline.
 * <p>Anything that would make the operator act beyond that is refused, with the field named:
 * {@code exec} and {@code auth-provider} (fabric8 runs an exec plugin's command when it reads the
 * kubeconfig, so whoever can write the Secret could run commands in the operator and send its
 * own credentials anywhere), paths to files (they would read the operator's own files, its
 * ServiceAccount token included), {@code tokenFile}, a proxy, impersonation, a password, and
 * {@code insecure-skip-tls-verify}. The kubeconfig is parsed as data only; nothing of the
 * operator's environment or home directory is consulted.
 */
public final class RemoteKubeconfig {
  private RemoteKubeconfig() {}

  /** The configuration of the kubeconfig's current context, or {@link IllegalArgumentException} saying what is wrong. */
  public static Config parse(String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank()) throw new IllegalArgumentException("it is empty");
    io.fabric8.kubernetes.api.model.Config parsed;
    try {
      parsed = KubeConfigUtils.parseConfigFromString(kubeconfig);
    } catch (RuntimeException e) {
      // The parser's words may quote the Secret's content (a token): not repeated in a status.
      throw new IllegalArgumentException("it is not a kubeconfig (its YAML does not parse as one)");
    }
    if (parsed == null) throw new IllegalArgumentException("it is not a kubeconfig");
    String contextName = parsed.getCurrentContext();
    if ((contextName == null || contextName.isBlank()) && parsed.getContexts() != null && parsed.getContexts().size() == 1) {
      contextName = parsed.getContexts().get(0).getName();
    }
    if (contextName == null || contextName.isBlank()) throw new IllegalArgumentException("it sets no current-context");
    String wanted = contextName;
    var context = parsed.getContexts() == null ? null : parsed.getContexts().stream()
        .filter(c -> wanted.equals(c.getName()) && c.getContext() != null).findFirst().orElse(null);
    if (context == null) throw new IllegalArgumentException("its current-context " + wanted + " is not among its contexts");
    String clusterName = context.getContext().getCluster();
    String userName = context.getContext().getUser();
    Cluster cluster = parsed.getClusters() == null ? null : parsed.getClusters().stream()
        .filter(c -> c.getName() != null && c.getName().equals(clusterName) && c.getCluster() != null)
        .map(io.fabric8.kubernetes.api.model.NamedCluster::getCluster).findFirst().orElse(null);
    if (cluster == null) throw new IllegalArgumentException("its context " + wanted + " names cluster " + clusterName + ", which it does not define");
    AuthInfo user = parsed.getUsers() == null ? null : parsed.getUsers().stream()
        .filter(u -> u.getName() != null && u.getName().equals(userName) && u.getUser() != null)
        .map(io.fabric8.kubernetes.api.model.NamedAuthInfo::getUser).findFirst().orElse(null);
    if (user == null) throw new IllegalArgumentException("its context " + wanted + " names user " + userName + ", which it does not define");

    var refused = new ArrayList<String>();
    refuse(refused, cluster.getCertificateAuthority(), "clusters[].cluster.certificate-authority (a file path; use certificate-authority-data)");
    refuse(refused, cluster.getProxyUrl(), "clusters[].cluster.proxy-url");
    if (Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())) refused.add("clusters[].cluster.insecure-skip-tls-verify");
    refuse(refused, user.getExec(), "users[].user.exec (a command the operator would run)");
    refuse(refused, user.getAuthProvider(), "users[].user.auth-provider");
    refuse(refused, user.getTokenFile(), "users[].user.tokenFile (a file path)");
    refuse(refused, user.getClientCertificate(), "users[].user.client-certificate (a file path; use client-certificate-data)");
    refuse(refused, user.getClientKey(), "users[].user.client-key (a file path; use client-key-data)");
    refuse(refused, user.getPassword(), "users[].user.password");
    refuse(refused, user.getAs(), "users[].user.as (impersonation)");
    if (!refused.isEmpty()) throw new IllegalArgumentException("Keelson does not accept " + String.join(", ", refused));

    String server = cluster.getServer();
    if (server == null || server.isBlank()) throw new IllegalArgumentException("its cluster " + clusterName + " names no server");
    if (!server.startsWith("https://")) throw new IllegalArgumentException("its cluster " + clusterName + "'s server is not https://");
    boolean token = user.getToken() != null && !user.getToken().isBlank();
    boolean certificate = user.getClientCertificateData() != null && user.getClientKeyData() != null;
    if (!token && !certificate) {
      throw new IllegalArgumentException("its user " + userName + " has neither a token nor client-certificate-data with client-key-data");
    }
    // Without the remote's CA the client would trust the operator's JVM trust store: any public CA could then vouch for the server.
    String ca = cluster.getCertificateAuthorityData();
    if (ca == null || ca.isBlank()) {
      throw new IllegalArgumentException("its cluster " + clusterName + " has no certificate-authority-data: Keelson trusts a remote API server "
          + "only through the CA its kubeconfig names");
    }

    Config config = Config.empty();
    config.setMasterUrl(server);
    config.setCaCertData(cluster.getCertificateAuthorityData());
    if (token) config.setOauthToken(user.getToken());
    if (certificate) {
      config.setClientCertData(user.getClientCertificateData());
      config.setClientKeyData(user.getClientKeyData());
    }
    return config;
  }

  private static void refuse(List<String> refused, Object value, String field) {
    if (value != null && !(value instanceof String s && s.isBlank())) refused.add(field);
  }
}
