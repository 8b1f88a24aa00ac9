package dev.keelson.shop.notification;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where notifications go, by {@code keelson.notification.channel}: {@code smtp} (the mailer's
 * {@code quarkus.mailer.host}/{@code port}, e.g. QUARKUS_MAILER_HOST), or {@code log} for
 * development, which writes each one to the log instead of sending it.
 */
@ApplicationScoped
public class NotificationChannel {
  public static final String SMTP = "smtp";
  public static final String LOG = "log";
  private static final Logger LOGGER = Logger.getLogger(NotificationChannel.class);

  private final Mailer mailer;
  private final String channel;

  public NotificationChannel(Mailer mailer, @ConfigProperty(name = "keelson.notification.channel", defaultValue = LOG) String channel) {
    if (!SMTP.equals(channel) && !LOG.equals(channel)) {
      throw new IllegalArgumentException("keelson.notification.channel is " + channel + "; it must be smtp or log");
    }
    this.mailer = mailer;
    this.channel = channel;
  }

  public String name() {
    return channel;
  }

  /** Delivers it, or throws what the channel answered. */
  public void deliver(String recipient, String subject, String body) {
    if (LOG.equals(channel)) {
      LOGGER.infof("notification to %s: %s", recipient, subject);
      return;
    }
    mailer.send(Mail.withText(recipient, subject, body));
  }
}
