package dev.keelson.operator.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keelson.operator.api.v1alpha1.ClusterStatus;
import dev.keelson.operator.api.v1alpha1.KafkaStatus;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.PlatformStatus;
import dev.keelson.operator.api.v1alpha1.RedisStatus;
import dev.keelson.operator.api.v1alpha1.TopicStatus;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import dev.keelson.operator.api.v1alpha1.WorkerPoolStatus;
import dev.keelson.operator.metrics.StatusMetrics;
import dev.keelson.operator.status.Reason;
import dev.keelson.operator.status.Verdict;
import dev.keelson.operator.testing.Checkers;
import dev.keelson.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/monitoring/ judged by Prometheus's own checker (promtool, from Debian's prometheus
 * package): the alert rules load, their cases in rules_test.yaml pass, every dashboard query parses
 * as PromQL, and every Keelson metric they name is one the operator exports under that very name.
 */
class MonitoringIT {
  static final Path MONITORING = RealApiServer.repositoryRoot().resolve("deploy").resolve("monitoring");
  static final Pattern METRIC = Pattern.compile("\\bkeelson_[a-z_]+");

  @TempDir
  Path work;

  @Test
  void theAlertRulesLoadAndEveryCaseOfTheirTestsPasses() throws IOException {
    var rules = rulesFile();
    var check = Checkers.run("promtool", "", "check", "rules", rules.toString());
    assertThat(check.text()).contains("SUCCESS: 6 rules found");
    assertThat(check.exitCode()).isZero();
    Files.copy(MONITORING.resolve("rules_test.yaml"), work.resolve("rules_test.yaml"));
    var test = Checkers.run("promtool", "", "test", "rules", work.resolve("rules_test.yaml").toString());
    assertThat(test.text()).contains("SUCCESS");
    assertThat(test.exitCode()).as(test.text()).isZero();
  }

  @Test
  void everyDashboardQueryIsPromQlPromtoolAccepts() throws IOException {
    var queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    var recording = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      recording.append("      - record: dashboard_query_").append(i).append('\n')
          .append("        expr: ").append(new ObjectMapper().writeValueAsString(queries.get(i))).append('\n');
    }
    var file = Files.writeString(work.resolve("dashboard-queries.yaml"), recording);
    var check = Checkers.run("promtool", "", "check", "rules", file.toString());
    assertThat(check.exitCode()).as(check.text()).isZero();
  }

  @Test
  void everyKeelsonMetricTheRulesAndTheDashboardNameIsOneTheOperatorExports() throws IOException {
    var named = new TreeSet<String>();
    named.addAll(metricNames(Files.readString(rulesFile())));
    named.addAll(metricNames(String.join("\n", dashboardQueries())));
    assertThat(named).hasSizeGreaterThanOrEqualTo(8);
    assertThat(exported()).containsAll(named);
  }

  @Test
  void theServiceMonitorScrapesTheOperatorsMetricsPort() throws IOException {
    var documents = new YAMLMapper().readerFor(JsonNode.class).readValues(MONITORING.resolve("service-monitor.yaml").toFile()).readAll();
    JsonNode service = documents.stream().map(JsonNode.class::cast).filter(d -> d.path("kind").asText().equals("Service")).findFirst().orElseThrow();
    JsonNode monitor = documents.stream().map(JsonNode.class::cast).filter(d -> d.path("kind").asText().equals("ServiceMonitor")).findFirst()
        .orElseThrow();
    var deployment = new YAMLMapper().readerFor(JsonNode.class).readValues(RealApiServer.repositoryRoot().resolve("deploy")
        .resolve("keelson-operator.yaml").toFile()).readAll().stream().map(JsonNode.class::cast)
        .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    var podLabels = deployment.at("/spec/template/metadata/labels");
    service.at("/spec/selector").fields().forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
        assertThat(service.at("/metadata/labels").path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(deployment.at("/spec/template/spec/containers/0/ports/0/name").asText());
  }

  /** The PrometheusRule's groups as a Prometheus rule file, where rules_test.yaml expects it. */
  private Path rulesFile() throws IOException {
    var rule = new YAMLMapper().readTree(MONITORING.resolve("prometheus-rule.yaml").toFile());
    var file = work.resolve("keelson-rules.yaml");
    if (!Files.exists(file)) new YAMLMapper().writeValue(file.toFile(), rule.get("spec"));
    return file;
  }

  private static List<String> dashboardQueries() throws IOException {
    var dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    var queries = new ArrayList<String>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
    return queries;
  }

  private static Set<String> metricNames(String text) {
    return METRIC.matcher(text).results().map(m -> m.group()).collect(Collectors.toSet());
  }

  /** The names the operator's Prometheus endpoint shows, from a StatusMetrics fed one of each status. */
  private static Set<String> exported() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new StatusMetrics(registry);
    var now = Instant.parse("2026-12-01T10:00:00Z");
    var platform = new Platform();
    platform.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").build());
    var kafka = new KafkaStatus("kafka:9092", List.of("aws"), true, "TopicsReady", "ok", null,
        List.of(new TopicStatus("shop.orders", 3, 1, true, "TopicReady", "", TopicStatus.CREATED, List.of())));
    metrics.observe(platform, new PlatformStatus(1L, Verdict.blocked(Reason.INVALID_SPEC, "x").conditions(null, 1, now),
        List.of(new ClusterStatus("aws", true, "ClusterReady", "", 1L, null, null)), "1/1", kafka, null,
        new RedisStatus(true, "UsersReady", "", 1, null), null, null));
    metrics.certificates(platform, Map.of("aws", Map.of("ca", now)));
    var pool = new WorkerPool();
    pool.setMetadata(new ObjectMetaBuilder().withName("mail").withNamespace("shop").build());
    metrics.observe(pool, new WorkerPoolStatus(1L, Verdict.ready(Reason.AVAILABLE, "1/1").conditions(null, 1, now), List.of(), "1/1", 1, 1, 5L,
        3, null, null, "2026-12-01T09:00:00Z", null, "a=b"));
    return registry.scrape().lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]).collect(Collectors.toSet());
  }
}
