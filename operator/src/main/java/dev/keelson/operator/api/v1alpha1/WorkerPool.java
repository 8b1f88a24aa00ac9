package dev.keelson.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Consumers of a Kafka topic, with retry and dead-letter topics, scaled on consumer lag. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("kwp")
@Categories(ApiGroup.CATEGORY)
@ValidationRule(value = ApiGroup.WORKLOAD_NAME_RULE, message = ApiGroup.WORKLOAD_NAME_MESSAGE, optionalOldSelf = true)
@ValidationRule(value = ApiGroup.RESERVED_NAME_RULE, message = ApiGroup.RESERVED_NAME_MESSAGE, optionalOldSelf = true)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "Clusters", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.CLUSTERS)
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.replicas")
@AdditionalPrinterColumn(name = "Lag", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.lag")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class WorkerPool extends CustomResource<WorkerPoolSpec, WorkerPoolStatus> implements Namespaced {}
