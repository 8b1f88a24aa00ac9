package dev.keelson.operator.api;

import dev.keelson.operator.api.v1alpha1.KeelsonService;
import dev.keelson.operator.api.v1alpha1.Platform;
import dev.keelson.operator.api.v1alpha1.WorkerPool;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates the CRDs from the API classes with fabric8's CRD generator. The generator sorts
 * printer columns by JSON path; the post-processor puts them back in the order the classes
 * declare them, which is the order {@code kubectl get} shows, and describes the fields whose
 * classes carry no description ({@link EmbeddedFieldDescriptions}).
 */
public final class CrdGeneration {
  static final List<Class<? extends HasMetadata>> KINDS = List.of(Platform.class, KeelsonService.class, WorkerPool.class);

  private CrdGeneration() {}

  public static void generateInto(Path dir) {
    new CRDGenerator()
        .inOutputDir(dir.toFile())
        .forCRDVersions("v1")
        .withPostProcessor(new DeclaredColumnOrder())
        .customResourceClasses(KINDS)
        .generate();
  }

  private static final class DeclaredColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      var definition = (CustomResourceDefinition) crd;
      var kind = definition.getSpec().getNames().getKind();
      var declared = KINDS.stream()
          .filter(k -> HasMetadata.getKind(k).equals(kind))
          .findFirst()
          .map(k -> Arrays.asList(k.getAnnotationsByType(AdditionalPrinterColumn.class)))
          .orElseThrow();
      Map<String, Integer> position = declared.stream()
          .collect(Collectors.toMap(AdditionalPrinterColumn::name, declared::indexOf));
      Function<CustomResourceColumnDefinition, Integer> order = c -> position.getOrDefault(c.getName(), Integer.MAX_VALUE);
      for (var version : definition.getSpec().getVersions()) {
        version.getAdditionalPrinterColumns().sort(Comparator.comparing(order));
        EmbeddedFieldDescriptions.describe(kind, version.getSchema().getOpenAPIV3Schema());
      }
      return crd;
    }
  }

  /** Writes the CRDs into the directory given as argument (used to refresh {@code crds/}). */
  public static void main(String[] args) {
    generateInto(Path.of(args[0]));
  }
}
