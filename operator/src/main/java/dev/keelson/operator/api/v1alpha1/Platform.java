package dev.keelson.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An environment: its target clusters, its profile, its shared data services and security defaults. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("kpf")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "Profile", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.profile")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "Clusters", type = AdditionalPrinterColumn.Type.STRING, jsonPath = PrinterColumns.CLUSTERS)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Platform extends CustomResource<PlatformSpec, PlatformStatus> implements Namespaced {}
