package dev.keelson.shop.queue;

/**
 * One record as a handler sees it.
 *
 * @param eventId the producer's event id (header {@code event-id}), or topic-partition-offset when it has none
 * @param attempt 0 for the first delivery, then the number of earlier failed attempts
 */
public record QueueRecord(String eventId, String key, String value, int attempt, long timestamp) {}
