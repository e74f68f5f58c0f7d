package org.deepraster;

import static org.assertj.core.api.Assertions.assertThat;

import org.deepraster.tool.registry.ToolRegistry;
import org.junit.jupiter.api.Test;

/** The command line builds only the command it is given (start-up), and every command when it is given none. */
class MainCommandsTest {

    @Test
    void theCommandIsTheFirstArgumentThatIsNotAnOption() {
        assertThat(Main.commandName("--verbose", "info", "model.onnx")).isEqualTo("info");
        assertThat(Main.commandName("detect-objects", "--in_raster", "x.tif")).isEqualTo("detect-objects");
        assertThat(Main.commandName("--help")).isNull();
        assertThat(Main.commandName("nosuch", "info")).isNull();
    }

    @Test
    void onlyTheNamedCommandIsBuilt() {
        assertThat(Main.commandLine("info").getSubcommands()).containsOnlyKeys("info");
        assertThat(Main.commandLine("classify-pixels").getSubcommands()).containsOnlyKeys("classify-pixels");
    }

    @Test
    void withoutACommandEveryCommandIsBuiltInTheUsageOrder() {
        var names = Main.commandLine().getSubcommands().keySet();
        assertThat(names).startsWith("viewer", "demo", "info", "sample-scene", "sample-rivers", "run", "benchmark");
        ToolRegistry.tools().forEach(t -> assertThat(names).contains(t.id()));
    }
}
