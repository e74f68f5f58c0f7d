package org.deepraster.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The model and inference packages are core: no Swing/AWT, and model does not depend on inference. */
class ModelPackagesArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.deepraster.model", "org.deepraster.inference");

    @Test
    void noSwing() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javax.swing..", "java.awt..")
                .check(classes);
    }

    @Test
    void modelDoesNotDependOnInference() {
        noClasses().that().resideInAPackage("org.deepraster.model..")
                .should().dependOnClassesThat().resideInAPackage("org.deepraster.inference..")
                .check(classes);
    }
}
