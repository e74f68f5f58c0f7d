package org.deepraster.viewer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The map renderer and its model stay free of Swing so that headless jobs can render maps. */
class RendererIsSwingFreeTest {
    @Test
    void rendererUsesAwtOnly() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.deepraster.viewer");
        noClasses().that().haveSimpleNameStartingWith("MapRenderer")
                .or().haveSimpleNameStartingWith("MapViewport")
                .or().haveSimpleNameStartingWith("MapLayer")
                .or().haveSimpleNameStartingWith("RasterLayer")
                .or().haveSimpleNameStartingWith("VectorLayer")
                .or().haveSimpleNameStartingWith("Identifier")
                .should().dependOnClassesThat().resideInAPackage("javax.swing..")
                .check(classes);
    }

    @Test
    void viewerKnowsPluginsOnlyThroughTheContract() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.deepraster");
        noClasses().that().resideInAPackage("org.deepraster.viewer..")
                .should().dependOnClassesThat().resideInAPackage("org.deepraster.toolbox..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
