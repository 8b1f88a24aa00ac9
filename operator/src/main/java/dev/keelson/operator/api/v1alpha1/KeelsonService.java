package dev.keelson.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One microservice (kind {@code Service}). The Java name differs from the kind only so that code
 * building Kubernetes Services stays unambiguous.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("Service")
@Plural("services")
@Singular("service")
@ShortNames("ksv")
@Categories(ApiGroup.CATEGORY)
@ValidationRule(value = ApiGroup.WORKLOAD_NAME_RULE, message = ApiGroup.WORKLOAD_NAME_MESSAGE, optionalOldSelf = true)
@ValidationRule(value = ApiGroup.RESERVED_NAME_RULE, message = ApiGroup.RESERVED_NAME_MESSAGE, optionalOldSelf = true)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "Clusters", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.CLUSTERS)
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyReplicas")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.url", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class KeelsonService extends CustomResource<ServiceSpec, ServiceStatus> implements Namespaced {}
