package dev.keelson.shop.user;

import java.time.Instant;
import java.util.List;

/** A registered user; the password only as its bcrypt hash, which never leaves the service. */
public record User(String id, String email, String name, String passwordHash, List<String> roles, Instant createdAt) {
  public User {
    roles = List.copyOf(roles);
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + email + ", roles " + roles + "]";
  }
}
