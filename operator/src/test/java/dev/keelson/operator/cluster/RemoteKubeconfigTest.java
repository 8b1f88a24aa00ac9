package dev.keelson.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kubeconfig from a Secret is data: what it could make the operator run, read or bypass is refused. */
class RemoteKubeconfigTest {
  static final String CA = "Y2EtZGF0YQ==";

  static String kubeconfig(String cluster, String user) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: aws-prod
          cluster:
        %s
        users:
        - name: keelson
          user:
        %s
        contexts:
        - name: aws-prod
          context: {cluster: aws-prod, user: keelson}
        current-context: aws-prod
        """.formatted(cluster.indent(4).stripTrailing(), user.indent(4).stripTrailing());
  }

  @Test
  void aTokenAndInlineCaGiveAClientConfiguration() {
    var config = RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443\ncertificate-authority-data: " + CA, "token: abc"));
    assertThat(config.getMasterUrl()).startsWith("https://10.0.0.1:6443");
    assertThat(config.getOauthToken()).isEqualTo("abc");
    assertThat(config.getCaCertData()).isEqualTo(CA);
    assertThat(config.getImpersonateUsername()).isNull();
  }

  @Test
  void anExecPluginIsRefusedAndNeverRun(@TempDir Path dir) {
    Path marker = dir.resolve("ran");
    String exec = """
        exec:
          apiVersion: client.authentication.k8s.io/v1
          command: sh
          args: ["-c", "touch %s; echo '{\\"status\\":{\\"token\\":\\"x\\"}}'"]
        """.formatted(marker);
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443", exec)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users[].user.exec");
    assertThat(Files.exists(marker)).as("the command ran").isFalse();
  }

  @Test
  void filePathsAProxyAndSkippingTlsVerificationAreRefusedByName() {
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig(
        "server: https://10.0.0.1:6443\ncertificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\nproxy-url: http://proxy:3128",
        "tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token")))
        .hasMessageContaining("certificate-authority (a file path").hasMessageContaining("proxy-url").hasMessageContaining("tokenFile");
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443\ninsecure-skip-tls-verify: true", "token: abc")))
        .hasMessageContaining("insecure-skip-tls-verify");
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443",
        "client-certificate: /etc/keelson/tls.crt\nclient-key: /etc/keelson/tls.key"))).hasMessageContaining("client-certificate (a file path")
        .hasMessageContaining("client-key (a file path");
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443",
        "auth-provider: {name: oidc, config: {idp-issuer-url: https://idp}}"))).hasMessageContaining("auth-provider");
  }

  @Test
  void whatIsMissingOrNotAKubeconfigIsSaid() {
    assertThatThrownBy(() -> RemoteKubeconfig.parse("")).hasMessage("it is empty");
    assertThatThrownBy(() -> RemoteKubeconfig.parse("this is not a kubeconfig")).hasMessageContaining("not a kubeconfig");
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: http://10.0.0.1:8080", "token: abc"))).hasMessageContaining("not https://");
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443", "username: admin")))
        .hasMessageContaining("neither a token nor client-certificate-data");
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443", "token: abc")
        .replace("current-context: aws-prod", "current-context: gcp"))).hasMessageContaining("current-context gcp is not among its contexts");
  }

  @Test
  void aKubeconfigWithoutTheRemotesCaIsRefusedRatherThanTrustingTheJvmsCas() {
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: https://10.0.0.1:6443", "token: abc")))
        .hasMessageEndingWith("has no certificate-authority-data: Keelson trusts a remote API server only through the CA its kubeconfig names");
  }

  @Test
  void noMessageQuotesTheKubeconfigsServerOrContent() {
    assertThatThrownBy(() -> RemoteKubeconfig.parse(kubeconfig("server: http://internal-api.corp:8080", "token: abc")))
        .hasMessageNotContaining("internal-api.corp");
    assertThatThrownBy(() -> RemoteKubeconfig.parse("apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: s3cr3t-t0ken\n"))
        .hasMessageNotContaining("s3cr3t-t0ken");
  }
}
