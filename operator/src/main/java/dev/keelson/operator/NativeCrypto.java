package dev.keelson.operator;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.Provider;
import java.security.Security;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On request ({@code keelson.crypto.native=true}, or {@code KEELSON_CRYPTO_NATIVE=true}), puts the
 * cryptography of every TLS connection the operator makes (to API servers, Kafka, Redis, MongoDB)
 * in native code: Amazon Corretto Crypto Provider (AWS-LC) becomes the first security provider, so
 * JSSE's record ciphers (AES-GCM), hashes, signatures and key agreement come from it. The image's
 * JVM compiles with C1 only, which has none of the JDK's intrinsics for AES and GHASH: there the
 * JDK's own AES-GCM runs at ~40 MB/s per core. Measured at 1000 Services (docs/benchmarks.md), it
 * saves ~10% of the operator's CPU while converging and costs ~5 MiB resident (the native library
 * and its classes), which is why it is off by default: the image is sized for 200 MiB at 1000
 * Services. Where the native library cannot load (another CPU architecture), the JDK's providers
 * stay as they are and the log says why.
 *
 * <p>It runs before the operator starts its informers (the first observer of the startup event),
 * so no connection to an API server is opened before it.
 */
@ApplicationScoped
public class NativeCrypto {
  private static final Logger LOG = Logger.getLogger(NativeCrypto.class);

  void onStart(@Observes @Priority(1) StartupEvent started,
      @ConfigProperty(name = "keelson.crypto.native", defaultValue = "false") boolean enabled) {
    if (enabled) {
      install(AmazonCorrettoCryptoProvider.INSTANCE);
    }
  }

  /**
   * Makes {@code provider} the first security provider, unless its native code failed to load or
   * its self-tests fail. Returns whether it is first afterwards; installing it twice changes nothing.
   */
  static boolean install(AmazonCorrettoCryptoProvider provider) {
    Provider[] providers = Security.getProviders();
    if (providers.length > 0 && providers[0].getName().equals(provider.getName())) {
      return true;
    }
    Throwable notLoaded = provider.getLoadingError();
    if (notLoaded != null) {
      LOG.warnf("TLS uses the JDK's security providers: %s did not load (%s)", provider.getName(), notLoaded);
      return false;
    }
    try {
      provider.assertHealthy();
    } catch (RuntimeException unhealthy) {
      LOG.warnf("TLS uses the JDK's security providers: %s failed its self-tests (%s)", provider.getName(), unhealthy);
      return false;
    }
    Security.removeProvider(provider.getName());
    Security.insertProviderAt(provider, 1);
    LOG.infof("TLS cryptography from %s %s (%s)", provider.getName(), provider.getVersionStr(), provider.getAwsLcVersionStr());
    return true;
  }
}
