package dev.keelson.operator.redis;

/** A Redis instance could not be reached, or refused Keelson's login or command. */
public class RedisUnavailableException extends RuntimeException {
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
