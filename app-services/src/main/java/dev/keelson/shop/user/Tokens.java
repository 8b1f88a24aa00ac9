package dev.keelson.shop.user;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs the short-lived access tokens every service accepts: RS256 with the key of
 * {@code smallrye.jwt.sign.key.location} (a Secret's file), verified elsewhere with its public
 * half ({@code mp.jwt.verify.publickey.location}). Subject: the user's id; upn: the e-mail;
 * groups: the user's roles.
 */
@ApplicationScoped
public class Tokens {
  private final String issuer;
  private final Duration lifetime;

  public Tokens(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
      @ConfigProperty(name = "keelson.jwt.lifetime", defaultValue = "15m") Duration lifetime) {
    this.issuer = issuer;
    this.lifetime = lifetime;
  }

  /** A token for the user with these roles (its groups), as {@link Administrators} decided them. */
  public String issue(User user, List<String> roles) {
    return Jwt.issuer(issuer)
        .subject(user.id())
        .upn(user.email())
        .groups(new HashSet<>(roles))
        .expiresIn(lifetime)
        .sign();
  }

  public Duration lifetime() {
    return lifetime;
  }
}
