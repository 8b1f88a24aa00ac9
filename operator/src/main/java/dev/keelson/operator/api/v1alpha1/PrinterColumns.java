package dev.keelson.operator.api.v1alpha1;

/** JSON paths of the printer columns every kind shows, read from the status. */
final class PrinterColumns {
  static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
  static final String REASON = ".status.conditions[?(@.type==\"Ready\")].reason";
  static final String CLUSTERS = ".status.clusterSummary";

  private PrinterColumns() {}
}
