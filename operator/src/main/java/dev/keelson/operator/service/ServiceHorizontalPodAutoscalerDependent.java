package dev.keelson.operator.service;

import dev.keelson.operator.workload.WorkloadDependent;
import dev.keelson.operator.workload.WorkloadModel;
import dev.keelson.operator.workload.WorkloadScaling;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicyBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The HorizontalPodAutoscaler (autoscaling/v2) of an autoscaled Service: scale up fast (100% or
 * 2 pods every 15 s, whichever is more), scale down slowly (50% a minute after 5 minutes of lower load).
 */
public class ServiceHorizontalPodAutoscalerDependent extends WorkloadDependent<HorizontalPodAutoscaler> {
  static final int SCALE_DOWN_WINDOW_SECONDS = 300;

  @Override
  public Class<HorizontalPodAutoscaler> resourceType() {
    return HorizontalPodAutoscaler.class;
  }

  @Override
  public boolean wanted(WorkloadModel model) {
    return model.scaling().autoscaling() != null;
  }

  @Override
  public HorizontalPodAutoscaler desired(WorkloadModel model) {
    var a = model.scaling().autoscaling();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(metadata(model))
        .withNewSpec()
        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(model.identity().name()).endScaleTargetRef()
        .withMinReplicas(a.minReplicas())
        .withMaxReplicas(a.maxReplicas())
        .withMetrics(metrics(a))
        .withNewBehavior()
        .withNewScaleUp()
        .withStabilizationWindowSeconds(0)
        .withSelectPolicy("Max")
        .withPolicies(
            new HPAScalingPolicyBuilder().withType("Percent").withValue(100).withPeriodSeconds(15).build(),
            new HPAScalingPolicyBuilder().withType("Pods").withValue(2).withPeriodSeconds(15).build())
        .endScaleUp()
        .withNewScaleDown()
        .withStabilizationWindowSeconds(SCALE_DOWN_WINDOW_SECONDS)
        .withSelectPolicy("Max")
        .withPolicies(new HPAScalingPolicyBuilder().withType("Percent").withValue(50).withPeriodSeconds(60).build())
        .endScaleDown()
        .endBehavior()
        .endSpec()
        .build();
  }

  private static List<MetricSpec> metrics(WorkloadScaling.Autoscaling a) {
    var metrics = new ArrayList<MetricSpec>();
    if (a.cpuPercent() != null) metrics.add(utilization("cpu", a.cpuPercent()));
    if (a.memoryPercent() != null) metrics.add(utilization("memory", a.memoryPercent()));
    return metrics;
  }

  private static MetricSpec utilization(String resource, int percent) {
    return new MetricSpecBuilder()
        .withType("Resource")
        .withNewResource().withName(resource)
        .withNewTarget().withType("Utilization").withAverageUtilization(percent).endTarget()
        .endResource()
        .build();
  }
}
