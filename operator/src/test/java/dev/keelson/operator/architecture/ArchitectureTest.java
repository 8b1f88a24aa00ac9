package dev.keelson.operator.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules the operator's packages keep (operator/README.md has the map): the kinds' packages
 * build on shared ones and never the other way round, the shared ones on no kind, and what builds
 * the desired objects talks to no server.
 */
class ArchitectureTest {
  static final String ROOT = "dev.keelson.operator";
  /** The packages of one custom resource kind each. */
  static final String[] KINDS = {ROOT + ".platform..", ROOT + ".service..", ROOT + ".workerpool.."};
  /** Clients of the servers Keelson talks to: Kubernetes, Kafka, Redis, MongoDB, HTTP. */
  static final String[] CLIENTS = {"io.fabric8.kubernetes.client.dsl..", "org.apache.kafka.clients..", "redis.clients.jedis..",
      "com.mongodb.client..", "java.net.http.."};

  static final JavaClasses OPERATOR = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(OPERATOR);
  }

  @Test
  void sharedPackagesImportNoKind() {
    noClasses().that().resideInAnyPackage(ROOT + ".workload..", ROOT + ".reconcile..", ROOT + ".status..", ROOT + ".cluster..",
            ROOT + ".kafka..", ROOT + ".redis..", ROOT + ".mongodb..", ROOT + ".pki..", ROOT + ".binding..", ROOT + ".profile..")
        .should().dependOnClassesThat().resideInAnyPackage(KINDS)
        .because("a shared package serves every kind; a kind's package builds on it").check(OPERATOR);
  }

  @Test
  void thePlatformImportsNoWorkloadKindAndTheWorkloadKindsNotEachOther() {
    noClasses().that().resideInAPackage(ROOT + ".platform..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".service..", ROOT + ".workerpool..").check(OPERATOR);
    noClasses().that().resideInAPackage(ROOT + ".service..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".workerpool..").check(OPERATOR);
    noClasses().that().resideInAPackage(ROOT + ".workerpool..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".service..").check(OPERATOR);
  }

  @Test
  void modelsAndDependentsTalkToNoServer() {
    noClasses().that().haveSimpleNameEndingWith("Dependent").or().haveSimpleNameEndingWith("Model")
        .should().dependOnClassesThat().resideInAnyPackage(CLIENTS).orShould().dependOnClassesThat()
        .haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
        .because("desired() is a pure function of the model, golden-tested without a server").check(OPERATOR);
  }

  @Test
  void theApiImportsNothingOfTheOperator() {
    classes().that().resideInAPackage(ROOT + ".api..")
        .should().onlyDependOnClassesThat(resideInAPackage(ROOT + ".api..").or(resideOutsideOfPackage(ROOT + "..")))
        .because("the API is what users write; it must not change when the operator's insides do").check(OPERATOR);
  }
}
