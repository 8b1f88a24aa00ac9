package dev.keelson.shop.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading keelson.admins: who is an administrator, and the answer to an entry that cannot be one. */
class AdministratorsTest {
  private static final String HASH = "$2a$10$" + "N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

  @Test
  void anEntryNamesAnAddressAndItsHashWhateverTheCaseOfTheAddress() {
    var administrators = new Administrators(List.of(" Ops@Shop.Example=" + HASH + " ", " "));
    assertThat(administrators.passwordHash("ops@shop.example")).contains(HASH);
    assertThat(administrators.isAdministrator("someone@shop.example")).isFalse();
    var ops = new User("1", "ops@shop.example", "Ops", HASH, List.of("user"), Instant.EPOCH);
    var someone = new User("2", "someone@shop.example", "S", HASH, List.of("user", "admin"), Instant.EPOCH);
    assertThat(administrators.rolesOf(ops)).containsExactly("user", "admin");
    assertThat(administrators.rolesOf(someone)).containsExactly("user");
  }

  @Test
  void htpasswdHashesAreAcceptedAndTheirPasswordsMatch() {
    String hash = "$2y$" + BcryptUtil.bcryptHash("correct horse battery", 4).substring(4);
    var administrators = new Administrators(List.of("ops@shop.example=" + hash));
    assertThat(BcryptUtil.matches("correct horse battery",
        administrators.passwordHash("ops@shop.example").orElseThrow())).isTrue();
    // Elytron does not read $2b$: refused when configured rather than failing every sign-in.
    assertThatThrownBy(() -> new Administrators(List.of("ops@shop.example=$2b$" + hash.substring(4))))
        .hasMessageContaining("is not a bcrypt hash");
  }

  @Test
  void nobodyWhenNothingIsConfigured() {
    assertThat(new Administrators(List.of(" ")).isAdministrator("admin@shop.example")).isFalse();
  }

  @Test
  void aPlainPasswordOrAnEntryWithoutAnAddressStopsTheServiceWithItsReason() {
    assertThatThrownBy(() -> new Administrators(List.of("ops@shop.example=correct horse battery")))
        .hasMessage("keelson.admins: the password of ops@shop.example is not a bcrypt hash ($2a$ or $2y$)");
    assertThatThrownBy(() -> new Administrators(List.of("ops@shop.example")))
        .hasMessage("keelson.admins: 'ops@shop.example' is not an address=bcrypt-hash entry");
    assertThatThrownBy(() -> new Administrators(List.of("a@shop.example=" + HASH, "A@shop.example=" + HASH)))
        .hasMessage("keelson.admins: an address is configured twice");
  }
}
