package dev.keelson.shop.queue;

/** What a service's worker does with one record of its queue; throwing sends it to a retry topic or, at last, the dead-letter topic. */
public interface QueueHandler {

  /** The service this handler is the worker of (notification, analytics). */
  String service();

  void handle(QueueRecord record) throws Exception;
}
