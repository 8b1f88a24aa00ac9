package dev.keelson.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** The part of the status all three kinds share. */
public interface KeelsonStatus {
  Long observedGeneration();

  List<Condition> conditions();

  List<ClusterStatus> clusters();
}
