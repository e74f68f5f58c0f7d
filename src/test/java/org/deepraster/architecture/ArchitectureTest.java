package org.deepraster.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md: the core never uses Swing; the viewer and the toolbox know
 * each other only through {@code org.deepraster.plugin}; the core knows neither. The root package
 * ({@code org.deepraster.Main}) may use everything.
 */
class ArchitectureTest {

    static final String[] CORE = {
            "org.deepraster.geo..", "org.deepraster.raster..", "org.deepraster.feature..",
            "org.deepraster.model..", "org.deepraster.inference..", "org.deepraster.job..",
            "org.deepraster.tool..", "org.deepraster.tiling..", "org.deepraster.vector..", "org.deepraster.detection..", "org.deepraster.sample..", "org.deepraster.cli..", "org.deepraster.plugin..", "org.deepraster.util.."};

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.deepraster");
    }

    @Test
    void theRulesSeeRealClasses() {
        assertThat(classes).as("classes imported from the build output").isNotEmpty();
        assertThat(classes.contain("org.deepraster.plugin.PluginManager")).isTrue();
        assertThat(classes.contain("org.deepraster.toolbox.DeepLearningPlugin")).isTrue();
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith("org.deepraster.toolbox"))
                .anyMatch(c -> c.getDirectDependenciesFromSelf().stream()
                        .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("javax.swing"))))
                .as("the toolbox does use Swing, so the Swing rule would notice it in the core").isTrue();
    }

    @Test
    void coreNeverUsesSwing() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAPackage("javax.swing..")
                .because("core packages run the same from a dialog, the command line, a test or a cluster")
                .check(classes);
    }

    @Test
    void coreNeverUsesTheViewerOrTheToolbox() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.deepraster.viewer..", "org.deepraster.toolbox..")
                .check(classes);
    }

    @Test
    void viewerKnowsPluginsOnlyThroughThePluginPackage() {
        noClasses().that().resideInAPackage("org.deepraster.viewer..")
                .should().dependOnClassesThat().resideInAPackage("org.deepraster.toolbox..")
                .allowEmptyShould(true) // the viewer may not be merged in every branch
                .check(classes);
    }

    @Test
    void toolboxKnowsTheHostOnlyThroughThePluginPackage() {
        noClasses().that().resideInAPackage("org.deepraster.toolbox..")
                .should().dependOnClassesThat().resideInAPackage("org.deepraster.viewer..")
                .check(classes);
    }

    @Test
    void toolsDoNotImportEachOther() {
        slices().matching("org.deepraster.tool.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.describe("the tool registry",
                                (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("org.deepraster.tool.registry")),
                        com.tngtech.archunit.base.DescribedPredicate.alwaysTrue())
                .because("a tool is one package; what two tools share lives in org.deepraster.tool or a core package")
                .check(classes);
    }

    @Test
    void onlyInferenceAndTheBenchmarksUseOnnxRuntime() {
        assertThat(classes.get("org.deepraster.inference.OnnxModelSession").getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("ai.onnxruntime")))
                .as("the ONNX session does use ONNX Runtime, so the rule would notice it elsewhere").isTrue();
        noClasses().that().resideOutsideOfPackages("org.deepraster.inference..", "org.deepraster.bench..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
                .because("the runtime sits behind inference.ModelSession; the benchmarks compare against bare OrtSession.run")
                .check(classes);
    }
}
