package dev.keelson.operator.binding;

import dev.keelson.operator.api.v1alpha1.KafkaSpec;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.kafka.KafkaClientProperties;
import dev.keelson.operator.kafka.PlatformKafkas;
import dev.keelson.operator.kafka.TopicDeclaration;
import dev.keelson.operator.mongodb.MongoModel;
import dev.keelson.operator.redis.RedisAuth;
import dev.keelson.operator.redis.RedisModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The entries of a workload's binding Secret, in the Service Binding for Kubernetes layout: one
 * directory per backing service under {@code /bindings}, each with a {@code type}, a
 * {@code provider} and the service's connection details, under the keys both
 * quarkus-kubernetes-service-binding's converters and Spring Cloud Bindings read (and a few
 * aliases for them: {@link #KAFKA_AUTH_ALIASES}, a redis {@code url}, mongodb {@code options}). In the Secret a file
 * {@code /bindings/<service>/<entry>} is the key {@code <service>.<entry>}; {@link #items} maps one
 * to the other for the projected volume.
 */
public final class BindingEntries {
  public static final String ROOT = "/bindings";
  public static final String PROVIDER = "keelson";
  public static final String KAFKA = "kafka";
  public static final String REDIS = "redis";
  public static final String MONGODB = "mongodb";
  /** Keys of a Platform's Kafka auth Secret that are projected into the kafka binding. */
  public static final List<String> KAFKA_AUTH_KEYS = List.of(KafkaClientProperties.SECURITY_PROTOCOL,
      KafkaClientProperties.SASL_MECHANISM, KafkaClientProperties.USERNAME, KafkaClientProperties.PASSWORD,
      KafkaClientProperties.CA, KafkaClientProperties.CERT, KafkaClientProperties.KEY);

  /**
   * The same auth keys again under the names Quarkus' Kafka binding converter reads
   * ({@code quarkus-kubernetes-service-binding}): {@code user}, {@code saslMechanism}, {@code securityProtocol}.
   */
  public static final Map<String, String> KAFKA_AUTH_ALIASES = Map.of(KafkaClientProperties.USERNAME, "user",
      KafkaClientProperties.SASL_MECHANISM, "saslMechanism", KafkaClientProperties.SECURITY_PROTOCOL, "securityProtocol");

  private BindingEntries() {}

  /**
   * The kafka binding: the bootstrap servers of the cluster's Kafka, the topic prefix there and, per
   * declared topic, its full name as {@code topic.<declared name>}; {@code consumer-group} when given.
   */
  public static SortedMap<String, String> kafka(Platform platform, KafkaSpec kafka, Collection<TopicDeclaration> declarations,
      String consumerGroup) {
    var entries = new TreeMap<String, String>();
    String prefix = PlatformKafkas.prefix(platform, kafka);
    entries.put(key(KAFKA, "type"), "kafka");
    entries.put(key(KAFKA, "provider"), PROVIDER);
    entries.put(key(KAFKA, "bootstrap-servers"), kafka.bootstrapServers());
    entries.put(key(KAFKA, "topic-prefix"), prefix);
    declarations.forEach(d -> entries.put(key(KAFKA, "topic." + d.topic()), prefix + d.topic()));
    if (consumerGroup != null) entries.put(key(KAFKA, "consumer-group"), consumerGroup);
    return entries;
  }

  /**
   * The redis binding: where Redis is (the Service of a standalone Redis; the Sentinels and the
   * master's name in sentinel mode), the workload's ACL user and password, its key prefix, and
   * {@code ssl: true} when Redis serves TLS.
   */
  public static SortedMap<String, String> redis(RedisModel redis, String username, String password, String keyPrefix, boolean tls) {
    var entries = new TreeMap<String, String>();
    entries.put(key(REDIS, "type"), "redis");
    entries.put(key(REDIS, "provider"), PROVIDER);
    entries.put(key(REDIS, "host"), redis.clientHost());
    entries.put(key(REDIS, "port"), Integer.toString(redis.sentinel() ? RedisModel.SENTINEL_PORT : RedisModel.PORT));
    entries.put(key(REDIS, "username"), username);
    entries.put(key(REDIS, "password"), password);
    entries.put(key(REDIS, "key-prefix"), keyPrefix + ":");
    if (tls) entries.put(key(REDIS, "ssl"), "true");
    // Spring Cloud Bindings reads no username: the URL carries it (and Spring Boot reads it there).
    entries.put(key(REDIS, "url"), (tls ? "rediss://" : "redis://") + encode(username) + ":" + encode(password) + "@" + redis.clientHost() + ":"
        + (redis.sentinel() ? RedisModel.SENTINEL_PORT : RedisModel.PORT));
    if (redis.sentinel()) {
      entries.put(key(REDIS, "sentinel.master"), redis.masterName());
      entries.put(key(REDIS, "sentinel.username"), RedisAuth.SENTINEL_CLIENT_USER);
      entries.put(key(REDIS, "sentinel.nodes"), String.join(",", java.util.stream.IntStream.range(0, RedisModel.SENTINELS)
          .mapToObj(i -> redis.sentinelName() + "-" + i + "." + redis.sentinelName() + "." + redis.namespace() + ".svc:" + RedisModel.SENTINEL_PORT)
          .toList()));
    }
    return entries;
  }

  /**
   * The mongodb binding: the members, the workload's user and password, its database, and a
   * connection string naming the replica set and the database as authSource.
   */
  public static SortedMap<String, String> mongodb(MongoModel mongo, String username, String password, String database, boolean tls) {
    var entries = new TreeMap<String, String>();
    String hosts = String.join(",", mongo.memberHosts());
    entries.put(key(MONGODB, "type"), "mongodb");
    entries.put(key(MONGODB, "provider"), PROVIDER);
    entries.put(key(MONGODB, "host"), hosts);
    entries.put(key(MONGODB, "port"), Integer.toString(MongoModel.PORT));
    entries.put(key(MONGODB, "username"), username);
    entries.put(key(MONGODB, "password"), password);
    entries.put(key(MONGODB, "database"), database);
    String options = "replicaSet=" + mongo.replicaSetName() + "&authSource=" + database + (tls ? "&tls=true" : "");
    entries.put(key(MONGODB, "uri"), "mongodb://" + encode(username) + ":" + encode(password) + "@" + hosts + "/" + database + "?" + options);
    // Quarkus' MongoDB binding converter builds its connection string from host, database and options.
    entries.put(key(MONGODB, "options"), options);
    if (tls) entries.put(key(MONGODB, "tls"), "true");
    return entries;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  public static String key(String service, String entry) {
    return service + "." + entry;
  }

  /** The file path of a Secret key inside the bindings volume: {@code kafka.type} → {@code kafka/type}. */
  public static String path(String key) {
    int dot = key.indexOf('.');
    return key.substring(0, dot) + "/" + key.substring(dot + 1);
  }

  /** The bindings that connect over TLS, and so get the Platform's CAs as {@code <binding>/ca.crt}. */
  public static java.util.List<String> tlsBindings(SortedMap<String, String> entries) {
    return java.util.stream.Stream.of(REDIS, MONGODB)
        .filter(b -> "true".equals(entries.get(key(b, "ssl"))) || "true".equals(entries.get(key(b, "tls"))))
        .toList();
  }

  /** The keys of the entries, in order, for a projected volume's items. */
  public static List<String> keys(SortedMap<String, String> entries) {
    return new ArrayList<>(entries.keySet());
  }
}
