package dev.keelson.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.keelson.operator.dataservice.DataService;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ITs start Keelson through one factory, {@link RunningOperator}, which builds what the
 * application's CDI container builds: every reconciler the application registers, and every data
 * service the Platform's reconciler works. A reconciler or data service added to the application
 * and forgotten there fails here rather than going untested.
 */
class RunningOperatorWiringTest {
  static final com.tngtech.archunit.core.domain.JavaClasses CLASSES = new ClassFileImporter().importPackages("dev.keelson.operator");

  @Test
  void runningOperatorBuildsEveryReconcilerAndEveryDataServiceOfTheApplication() {
    var constructed = CLASSES.get(RunningOperator.class).getConstructorCallsFromSelf().stream()
        .map(call -> call.getTargetOwner().getName()).collect(Collectors.toSet());
    var reconcilers = names(c -> c.isAnnotatedWith(ControllerConfiguration.class));
    var dataServices = names(c -> c.isAssignableTo(DataService.class) && !c.isInterface()
        && !c.getModifiers().contains(JavaModifier.ABSTRACT));
    assertThat(reconcilers).as("the application's reconcilers").hasSize(3);
    assertThat(dataServices).as("the Platform's data services").hasSize(4);
    assertThat(constructed).containsAll(reconcilers).containsAll(dataServices);
  }

  private static Set<String> names(java.util.function.Predicate<JavaClass> which) {
    return CLASSES.stream().filter(c -> c.getPackageName().startsWith("dev.keelson.operator") && !c.getSimpleName().endsWith("Test"))
        .filter(which).map(JavaClass::getName).collect(Collectors.toSet());
  }
}
