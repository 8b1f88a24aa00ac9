package dev.keelson.operator.testing;

import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) running in the test JVM on a
 * loopback port, with an admin client of its own for the test's checks.
 */
public final class KafkaBroker implements AutoCloseable {
  static {
    quietKafkaLogs();
  }

  private final KafkaClusterTestKit cluster;
  private final Admin admin;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = cluster.admin();
  }

  /** Kafka logs every client's and server's full configuration at INFO: keep the test output readable. */
  public static void quietKafkaLogs() {
    for (String category : new String[] {"org.apache.kafka", "kafka", "state.change.logger"}) {
      org.jboss.logmanager.LogContext.getLogContext().getLogger(category).setLevel(java.util.logging.Level.WARNING);
    }
  }

  public static KafkaBroker start() {
    return start(1);
  }

  private static KafkaBroker shared;

  /**
   * One broker for every test class of the JVM that only needs a broker (each test keeps to the
   * topics of its own namespace), stopped when the JVM exits; tests that stop or secure a broker
   * start their own.
   */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-shutdown"));
    }
    return shared;
  }

  public static KafkaBroker start(int brokers) {
    return start(brokers, false, null);
  }

  /**
   * One broker whose clients' listener is on the given address (and advertised there), for clients
   * that do not share this machine's loopback: the pods of a real node (hack/real-node-e2e.sh).
   * Its controller stays on loopback.
   */
  public static KafkaBroker startOn(String host) {
    return start(1, false, host);
  }

  /** host:port of the broker as {@link #startOn} advertises it. */
  public String advertisedBootstrapServers(String host) {
    String local = bootstrapServers();
    return host + local.substring(local.lastIndexOf(':'));
  }

  /**
   * A broker that authenticates its clients with SASL/PLAIN: user {@link #SASL_USER}, password
   * {@link #SASL_PASSWORD} (the test kit's own PLAIN users).
   */
  public static KafkaBroker startWithSasl() {
    return start(1, true, null);
  }

  public static final String SASL_USER = "plain-admin";
  public static final String SASL_PASSWORD = "plain-admin-secret";

  private static KafkaBroker start(int brokers, boolean sasl, String host) {
    try {
      var nodesBuilder = new TestKitNodes.Builder()
          .setCombined(brokers == 1).setNumBrokerNodes(brokers).setNumControllerNodes(1)
          .setBaseDirectory(Files.createTempDirectory("keelson-kafka"));
      if (sasl) nodesBuilder.setBrokerSecurityProtocol(org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT);
      var nodes = nodesBuilder.build();
      var builder = new KafkaClusterTestKit.Builder(nodes);
      if (host != null) {
        builder.setConfigProp("listeners", nodes.brokerListenerName().value() + "://" + host + ":0,"
            + nodes.controllerListenerName().value() + "://localhost:0");
      }
      if (sasl) {
        // The kit authorizes SASL clusters; the controller listener stays plaintext (ANONYMOUS).
        builder.setConfigProp("sasl.enabled.mechanisms", "PLAIN").setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
            .setConfigProp("super.users", "User:ANONYMOUS;User:" + SASL_USER);
      }
      var cluster = builder
          .setConfigProp("offsets.topic.replication.factor", Integer.toString(Math.min(brokers, 3)))
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("the in-process Kafka broker did not start", e);
    }
  }

  /** host:port of the broker, as a Platform's spec.kafka.bootstrapServers. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Set<String> topics() {
    return get(admin.listTopics().names());
  }

  public TopicDescription describe(String topic) {
    return get(admin.describeTopics(Set.of(topic)).allTopicNames()).get(topic);
  }

  public String config(String topic, String key) {
    var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return get(admin.describeConfigs(Set.of(resource)).all()).get(resource).get(key).value();
  }

  public Admin admin() {
    return admin;
  }

  public void createTopic(String name, int partitions) {
    get(admin.createTopics(Set.of(new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1))).all());
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    admin.close();
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends the records evenly over the topic's partitions, in one request, acknowledged by the broker
   * before this returns. Not idempotent: on a loaded 2-core machine the in-process broker was seen to reject an
   * idempotent producer's retries as out of sequence for minutes; one request in flight keeps the order.
   */
  public void produce(String topic, int records) {
    var properties = new java.util.Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    properties.put("acks", "all");
    properties.put("enable.idempotence", "false");
    properties.put("max.in.flight.requests.per.connection", "1");
    // Everything in one request at the flush: a lag poll sees all of the records or none of them.
    properties.put("linger.ms", "60000");
    properties.put("batch.size", Integer.toString(1 << 20));
    int partitions = describe(topic).partitions().size();
    var serializer = new org.apache.kafka.common.serialization.StringSerializer();
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(properties, serializer, serializer)) {
      var sent = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < records; i++) {
        sent.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, i % partitions, null, "event-" + i)));
      }
      producer.flush();
      for (var future : sent) future.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("producing to " + topic + " failed", e);
    }
  }

  /** Commits the group's offsets at the end of every partition of the topic: what consumers do once they have handled everything. */
  public void commitEnd(String group, String topic) {
    var request = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
    for (int p = 0; p < describe(topic).partitions().size(); p++) {
      request.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    var offsets = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>();
    get(admin.listOffsets(request).all()).forEach((p, info) -> offsets.put(p, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
    get(admin.alterConsumerGroupOffsets(group, offsets).all());
  }

  /** Partition count per topic. */
  public Map<String, Integer> partitions(Set<String> names) {
    var result = new java.util.TreeMap<String, Integer>();
    get(admin.describeTopics(names).allTopicNames()).forEach((n, d) -> result.put(n, d.partitions().size()));
    return result;
  }
}
