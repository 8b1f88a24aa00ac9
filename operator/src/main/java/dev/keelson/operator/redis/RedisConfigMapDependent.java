package dev.keelson.operator.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.TreeMap;

/**
 * The start scripts of Redis and its Sentinels. Redis persists with AOF and keeps its ACL users in
 * /data/users.acl (on its volume), so users Keelson created survive a restart. In sentinel mode an
 * instance asks the Sentinels for the current master and replicates from it; with no answer the
 * first instance starts as master. Sentinels ask for a password: the default user's (the
 * Sentinels among themselves and the start scripts), or that of {@value RedisAuth#SENTINEL_CLIENT_USER},
 * which may only find the master and follow its changes (no MONITOR, SET, FAILOVER, REMOVE, RESET
 * or CONFIG), so a pod that can reach the Sentinels cannot point clients at a master of its own.
 * The scripts ask the Sentinels with the password (a Sentinel that has none yet, during an
 * upgrade, still answers) and take only an answer that is a host name, never an error reply.
 */
public class RedisConfigMapDependent extends RedisDependent<ConfigMap> {
  static final String REDIS_SCRIPT = "redis.sh";
  static final String SENTINEL_SCRIPT = "sentinel.sh";

  @Override
  public Class<ConfigMap> resourceType() {
    return ConfigMap.class;
  }

  @Override
  public String name(RedisModel model) {
    return model.configName();
  }

  @Override
  public ConfigMap desired(RedisModel model) {
    var data = new TreeMap<String, String>();
    data.put(REDIS_SCRIPT, redisScript(model));
    if (model.sentinel()) data.put(SENTINEL_SCRIPT, sentinelScript(model));
    return new ConfigMapBuilder().withMetadata(model.metadata(model.configName())).withData(data).build();
  }

  /** The text of one start script, as the ConfigMap holds it. */
  static String script(RedisModel model, String name) {
    return SENTINEL_SCRIPT.equals(name) ? sentinelScript(model) : redisScript(model);
  }

  private static String redisScript(RedisModel model) {
    var script = new StringBuilder("""
        #!/bin/sh
        # Started by Keelson: Redis with AOF persistence and its ACL users kept on its volume.
        set -eu
        touch /data/users.acl
        set -- %s --dir /data --appendonly yes --aclfile /data/users.acl --protected-mode no \\
          --masterauth "$REDIS_PASSWORD" --masteruser default
        """.formatted(listen(model, RedisModel.PORT)));
    if (model.sentinel()) {
      script.append("""
          export REDISCLI_AUTH="$REDIS_PASSWORD"
          self="$(hostname).%s.%s.svc"
          master=""
          for s in 0 1 2; do
            master="$(redis-cli %s-h %s-$s.%s.%s.svc -p %d --raw sentinel get-master-addr-by-name %s 2>/dev/null | head -n 1 | grep -v ' ' || true)"
            [ -n "$master" ] && break
          done
          [ -z "$master" ] && [ "${HOSTNAME##*-}" != "0" ] && master="%s"
          set -- "$@" --replica-announce-ip "$self"
          if [ -n "$master" ] && [ "$master" != "$self" ]; then set -- "$@" --replicaof "$master" %d; fi
          """.formatted(model.headlessName(), model.namespace(), cliTls(model),
          model.sentinelName(), model.sentinelName(), model.namespace(), RedisModel.SENTINEL_PORT, model.masterName(),
          model.podHost(0), RedisModel.PORT));
    }
    script.append("""
        # The default user's password comes from the environment, never from a file in the image.
        printf 'user default on >%s ~* &* +@all\\n' "$REDIS_PASSWORD" > /tmp/default.acl
        grep -q '^user default ' /data/users.acl || cat /tmp/default.acl >> /data/users.acl
        rm -f /tmp/default.acl
        exec redis-server "$@"
        """);
    return script.toString();
  }

  /** Where Redis listens: its port in plaintext, or only TLS with the Platform's certificate. */
  private static String listen(RedisModel model, int port) {
    if (!model.tls()) return "--port " + port;
    return "--port 0 --tls-port " + port + " --tls-cert-file /tls/tls.crt --tls-key-file /tls/tls.key --tls-ca-cert-file /tls/ca.crt"
        + " --tls-auth-clients no --tls-replication yes";
  }

  private static String sentinelListen(RedisModel model) {
    if (!model.tls()) return "port " + RedisModel.SENTINEL_PORT;
    return "port 0\ntls-port " + RedisModel.SENTINEL_PORT + "\ntls-cert-file /tls/tls.crt\ntls-key-file /tls/tls.key"
        + "\ntls-ca-cert-file /tls/ca.crt\ntls-auth-clients no\ntls-replication yes";
  }

  private static String cliTls(RedisModel model) {
    return model.tls() ? "--tls --cacert /tls/ca.crt " : "";
  }

  private static String sentinelScript(RedisModel model) {
    return """
        #!/bin/sh
        # Started by Keelson: a Sentinel of %s, whose configuration it rewrites in /data.
        set -eu
        export REDISCLI_AUTH="$REDIS_PASSWORD"
        master=""
        for s in 0 1 2; do
          master="$(redis-cli %s-h %s-$s.%s.%s.svc -p %d --raw sentinel get-master-addr-by-name %s 2>/dev/null | head -n 1 | grep -v ' ' || true)"
          [ -n "$master" ] && break
        done
        [ -z "$master" ] && master="%s"
        cat > /data/sentinel.conf <<EOF
        %s
        sentinel resolve-hostnames yes
        sentinel announce-hostnames yes
        sentinel announce-ip $(hostname).%s.%s.svc
        sentinel monitor %s $master %d 2
        sentinel auth-pass %s $REDIS_PASSWORD
        sentinel down-after-milliseconds %s 5000
        sentinel failover-timeout %s 60000
        sentinel parallel-syncs %s 1
        requirepass $REDIS_PASSWORD
        sentinel sentinel-pass $REDIS_PASSWORD
        user %s on >$SENTINEL_CLIENT_PASSWORD resetchannels &* -@all %s
        EOF
        exec redis-server /data/sentinel.conf --sentinel
        """.formatted(model.name(),
        cliTls(model), model.sentinelName(), model.sentinelName(), model.namespace(), RedisModel.SENTINEL_PORT, model.masterName(),
        model.podHost(0),
        sentinelListen(model), model.sentinelName(), model.namespace(),
        model.masterName(), RedisModel.PORT, model.masterName(), model.masterName(), model.masterName(), model.masterName(),
        RedisAuth.SENTINEL_CLIENT_USER, String.join(" ", SENTINEL_CLIENT_COMMANDS));
  }

  /** What a Sentinel client needs: find the master, its replicas and the other Sentinels, and follow failovers. */
  static final List<String> SENTINEL_CLIENT_COMMANDS = List.of("+ping", "+role", "+info",
      "+sentinel|get-master-addr-by-name", "+sentinel|master", "+sentinel|replicas", "+sentinel|slaves", "+sentinel|sentinels",
      "+sentinel|myid", "+subscribe", "+psubscribe", "+unsubscribe", "+punsubscribe", "+client|setname", "+client|getname");
}
