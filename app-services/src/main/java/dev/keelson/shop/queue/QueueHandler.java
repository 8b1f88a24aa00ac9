package dev.keelson.shop.queue;

/** What a service's worker does with one record of its queue; throwing sends it to a retry topic or, at last, the dead-letter topic. */
public interface QueueHandler {

  /** The service this handler is the worker of (notification, analytics). */
  String service();

  void handle(QueueRecord record) throws Exception;

  /**
   * Called once the worker has remembered the handled record, after which it drops the record's
   * repeats itself: what the handler kept to recognise a repeat of its own may go. A failure here
   * is logged, nothing more.
   */
  default void remembered(QueueRecord record) throws Exception {}
}
