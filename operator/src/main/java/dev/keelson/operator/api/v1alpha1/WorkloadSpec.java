package dev.keelson.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/** What the specs of a Service and a WorkerPool have alike: where it runs, on which Platform, what it reads and uses. */
public interface WorkloadSpec {
  LocalObjectRef platformRef();

  List<EnvVar> env();

  Uses uses();

  Placement placement();
}
