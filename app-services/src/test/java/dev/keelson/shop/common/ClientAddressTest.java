package dev.keelson.shop.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  static final List<ClientAddress.Cidr> PODS = List.of(ClientAddress.Cidr.parse("10.0.0.0/8"), ClientAddress.Cidr.parse("fc00::/7"));

  @Test
  void behindATrustedProxyTheClientIsTheAddressTheProxyAppended() {
    assertThat(ClientAddress.of("10.1.2.3", "203.0.113.7", PODS)).isEqualTo("203.0.113.7");
    // The client's own entries are to the left of the proxy's, and never reached.
    assertThat(ClientAddress.of("10.1.2.3", "1.2.3.4, 198.51.100.1, 203.0.113.7", PODS)).isEqualTo("203.0.113.7");
  }

  @Test
  void aChainOfTrustedProxiesIsWalkedToTheFirstUntrustedAddress() {
    assertThat(ClientAddress.of("10.1.2.3", "1.2.3.4, 203.0.113.7, 10.9.9.9", PODS)).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.of("fd00::1", "2001:db8::5", PODS)).isEqualTo("2001:db8::5");
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
    assertThat(ClientAddress.of("203.0.113.7", "10.0.0.1", PODS)).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.of("203.0.113.7", null, PODS)).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.of("10.1.2.3", "203.0.113.7", List.of())).as("no proxy trusted").isEqualTo("10.1.2.3");
  }

  @Test
  void entriesThatAreNoAddressAreNeverTrustedAndNeverLookedUp() {
    // A name is not resolved (no DNS lookup from a header) and so cannot be a trusted hop.
    assertThat(ClientAddress.of("10.1.2.3", "10.0.0.5, localhost", PODS)).isEqualTo("localhost");
    assertThat(ClientAddress.of("10.1.2.3", "10.0.0.5, cafe", PODS)).as("a name of hex letters only").isEqualTo("cafe");
    assertThat(ClientAddress.of("10.1.2.3", " , 203.0.113.7 ,", PODS)).isEqualTo("203.0.113.7");
  }

  @Test
  void rangesAreParsedStrictly() {
    assertThat(ClientAddress.Cidr.parse("192.168.0.0/16").contains(new byte[] {(byte) 192, (byte) 168, 7, 1})).isTrue();
    assertThat(ClientAddress.Cidr.parse("192.168.0.0/16").contains(new byte[] {(byte) 192, (byte) 169, 0, 1})).isFalse();
    assertThat(ClientAddress.Cidr.parse("127.0.0.1").contains(new byte[] {127, 0, 0, 1})).isTrue();
    assertThatThrownBy(() -> ClientAddress.Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientAddress.Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
  }
}
