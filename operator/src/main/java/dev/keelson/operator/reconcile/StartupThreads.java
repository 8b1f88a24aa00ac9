package dev.keelson.operator.reconcile;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * JOSDK starts every event source of every controller at once, each on a thread of its cached pool,
 * and keeps an idle thread of that pool for 60 s: some 60 threads, each holding the stack the
 * informer's first list went through, right when the first reconciles of every workload need the
 * memory. The pool is used again only to start event sources (a leader taking over, a namespace
 * added) and to run leader election, so its idle threads end after {@link #IDLE} instead.
 */
@ApplicationScoped
public class StartupThreads {
  static final Duration IDLE = Duration.ofSeconds(2);
  private static final Logger LOG = Logger.getLogger(StartupThreads.class);

  void onStart(@Observes StartupEvent started, Operator operator) {
    var pool = operator.getConfigurationService().getExecutorServiceManager().cachingExecutorService();
    if (pool instanceof ThreadPoolExecutor executor) {
      executor.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      LOG.debugf("JOSDK's event-source pool is a %s; its idle threads keep their default lifetime", pool.getClass().getName());
    }
  }
}
