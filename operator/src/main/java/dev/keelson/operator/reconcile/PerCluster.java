package dev.keelson.operator.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs one reconcile's work on several clusters side by side, so that a cluster that answers
 * slowly (or not at all until the client's timeout) delays none of the others' writes: each is
 * applied as soon as its own cluster answers. One task runs on the calling thread.
 */
public final class PerCluster {
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    var thread = new Thread(r, "keelson-cluster-work");
    thread.setDaemon(true);
    return thread;
  });

  private PerCluster() {}

  /** The tasks' results, in order, once all are done; the first exception a task threw is thrown. */
  public static <T> List<T> run(List<Supplier<T>> tasks) {
    if (tasks.size() <= 1) return tasks.stream().map(Supplier::get).toList();
    var futures = tasks.stream().map(task -> CompletableFuture.supplyAsync(task, POOL)).toList();
    var results = new ArrayList<T>(tasks.size());
    RuntimeException failure = null;
    for (var future : futures) {
      try {
        results.add(future.join());
      } catch (CompletionException e) {
        if (failure == null) failure = e.getCause() instanceof RuntimeException r ? r : e;
        results.add(null);
      }
    }
    if (failure != null) throw failure;
    return results;
  }
}
