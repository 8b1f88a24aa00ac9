package dev.keelson.operator.mongodb;

/** A MongoDB member could not be reached, or refused Keelson's login or command. */
public class MongoUnavailableException extends RuntimeException {
  public MongoUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
