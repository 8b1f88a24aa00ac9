package dev.keelson.shop.common;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Quarkus warns at every start that each of quarkus-kubernetes-service-binding's own raw entries
 * ({@code quarkus.service-binding.<binding>.<key>}) is an unrecognized configuration key: a dozen
 * lines per pod that say nothing. This drops those warnings and only them; any other unknown key is
 * still reported.
 */
@LoggingFilter(name = "binding-entries")
public final class BindingEntriesLogFilter implements Filter {
  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    if (message == null || !message.startsWith("Unrecognized configuration key")) return true;
    Object[] parameters = record.getParameters();
    String key = parameters != null && parameters.length > 0 ? String.valueOf(parameters[0]) : message;
    return !key.contains(Bindings.PREFIX);
  }
}
