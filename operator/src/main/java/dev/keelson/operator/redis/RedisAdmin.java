package dev.keelson.operator.redis;

import dev.keelson.operator.pki.ClientTls;
import java.util.List;
import java.util.Set;

/**
 * The calls Keelson makes to one Redis instance to manage its ACL users. A session is
 * authenticated as the default user; every method is one command. Implementations throw
 * {@link RedisUnavailableException} when the instance cannot be reached or refuses the login.
 */
public interface RedisAdmin {

  /** @param tls how to connect over TLS, or null for a plaintext Redis */
  Session connect(RedisNode node, String adminPassword, ClientTls tls);

  /** An open, authenticated connection to one instance. */
  interface Session extends AutoCloseable {
    /** Names of the instance's ACL users. */
    Set<String> users();

    /** Creates or replaces the user, in one ACL SETUSER starting with reset. */
    void setUser(RedisUser user);

    void deleteUsers(List<String> names);

    /** Writes the users to the instance's ACL file, so that they survive a restart. */
    void saveAcl();

    @Override
    void close();
  }

  /** An instance's address. */
  record RedisNode(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
