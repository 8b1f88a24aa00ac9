package dev.keelson.operator.api.v1alpha1;

/** What happens to data (volumes, topics, databases) when its owner is deleted. */
public enum DeletionPolicy {
  Retain, Delete
}
