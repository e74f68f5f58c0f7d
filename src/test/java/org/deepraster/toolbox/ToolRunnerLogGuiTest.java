package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.swing.JDialog;
import org.deepraster.feature.Feature;
import org.deepraster.job.JobProgress;
import org.deepraster.job.ResultSink;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.LayerService;
import org.deepraster.util.Log;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool run that fails unexpectedly: the dialog's error names the log, and the log has the stack trace. */
@Tag("gui")
class ToolRunnerLogGuiTest {
    @TempDir
    Path tmp;
    private JDialog dialog;

    @BeforeEach
    void setUp() {
        Display.assumeAvailable();
        Log.configure(tmp.resolve("logs"), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dialog != null) {
            edt(() -> {
                dialog.dispose();
                return null;
            });
        }
        Log.close();
    }

    /** Steps whose plan fails with a bug (not a user error). */
    private final class FailingPlan implements ToolRunner.Steps<String, String, String> {
        @Override
        public String missing() {
            return null;
        }

        @Override
        public void setIdle(boolean idle) {
        }

        @Override
        public String parameters() {
            return "p";
        }

        @Override
        public Path output(String p) {
            return tmp.resolve("out.gpkg");
        }

        @Override
        public Map<ToolRunner.Existing, String> existingChoices() {
            return Map.of();
        }

        @Override
        public String withExisting(String p, ToolRunner.Existing choice) {
            return p;
        }

        @Override
        public String plan(String p) {
            throw new ArrayIndexOutOfBoundsException("band 4 of 3");
        }

        @Override
        public LayerService.StreamingLayer layer(String plan, String p) {
            return null;
        }

        @Override
        public String title(String plan) {
            return "Failing";
        }

        @Override
        public String startText(String plan) {
            return "";
        }

        @Override
        public long total(String plan) {
            return 0;
        }

        @Override
        public String run(String plan, Progress progress, List<ResultSink<Feature>> sinks) {
            return plan;
        }

        @Override
        public String progressLine(JobProgress p) {
            return "";
        }

        @Override
        public String summary(String result) {
            return result;
        }
    }

    @Test
    void anUnexpectedPlanFailureNamesTheLogAndIsLoggedWithItsStackTrace() throws Exception {
        FakePluginContext context = new FakePluginContext(DialogTests.descriptor());
        ToolRunner<String, String, String> runner = edt(() -> {
            dialog = new JDialog();
            dialog.setTitle("Failing tool");
            ToolRunner<String, String, String> r = new ToolRunner<>(dialog, "failing", context, "Run", new FailingPlan());
            dialog.add(r.bottom());
            dialog.pack();
            return r;
        });
        edt(() -> {
            runner.run();
            return null;
        });
        waitUntil(() -> edt(() -> !runner.errorText().isEmpty()), "the error", 10);

        Path file = Log.file().orElseThrow();
        assertThat(edt(runner::errorText)).contains("band 4 of 3", "Details are in the log: " + file);
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .contains("SEVERE", "Failing tool: the inputs could not be prepared",
                        "java.lang.ArrayIndexOutOfBoundsException: band 4 of 3",
                        "\tat org.deepraster.toolbox.ToolRunnerLogGuiTest$FailingPlan.plan");
    }
}
