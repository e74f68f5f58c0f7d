package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.JobSummary;
import org.deepraster.model.ClassInfo;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.tool.classifyobjects.ClassifyObjectsResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Classify Objects dialog's pieces that need no display: default output, progress line, style, summary. */
class ClassifyObjectsDialogTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultOutputSitsNextToTheRasterAndDoesNotClash() throws Exception {
        Path raster = dir.resolve("ortho.tif");
        assertThat(OutputField.defaultOutput(raster, "_classified")).isEqualTo(dir.resolve("ortho_classified.gpkg"));
        Files.createFile(dir.resolve("ortho_classified.gpkg"));
        Files.createFile(dir.resolve("ortho_classified_2.gpkg"));
        assertThat(OutputField.defaultOutput(raster, "_classified")).isEqualTo(dir.resolve("ortho_classified_3.gpkg"));
        // a folder of images: inside the folder, named after it
        Path folder = Files.createDirectory(dir.resolve("tiles"));
        assertThat(OutputField.defaultOutput(folder, "_classified")).isEqualTo(folder.resolve("tiles_classified.gpkg"));
    }

    @Test
    void anOutputWithoutExtensionIsAGeoPackage() {
        assertThat(OutputField.effectiveOutput(dir.resolve("out"))).isEqualTo(dir.resolve("out.gpkg"));
        assertThat(OutputField.effectiveOutput(dir.resolve("out.geojson"))).isEqualTo(dir.resolve("out.geojson"));
    }

    @Test
    void theProgressLineSaysDoneTotalRateAndTimeLeft() {
        // 30 of 90 in 3 s: 10 per second, 6 s left
        String line = ToolRunner.progressLine(new JobProgress(30, 90, 28, 2, 0, 0, 3_000_000_000L), "objects");
        assertThat(line).isEqualTo("30 of 90 objects · 10.0 objects/s · about 0:06 left · 2 skipped");
        assertThat(ToolRunner.progressLine(new JobProgress(0, 90, 0, 0, 0, 5, 0), "objects"))
                .isEqualTo("0 of 90 objects · 5 from the earlier run");
    }

    @Test
    void theLayerIsColouredByTheLabelFieldWithTheModelsClassColours() {
        LayerStyle s = ToolRunner.styleFor(List.of(new ClassInfo(0, "undamaged", 0, 200, 0),
                new ClassInfo(1, "damaged", 230, 0, 0)), "Label");
        assertThat(s.classField()).isEqualTo("Label");
        assertThat(s.colorFor("undamaged")).isEqualTo(new Color(0, 200, 0));
        assertThat(s.colorFor("damaged")).isEqualTo(new Color(230, 0, 0));
        assertThat(s.colorFor(null)).isEqualTo(s.fill());
    }

    @Test
    void aCancelledSummarySaysTheOutputKeepsWhatIsFinished() {
        JobProgress p = new JobProgress(8, 26, 8, 0, 0, 0, 1_000_000_000L);
        JobReport report = new JobReport(JobReport.Outcome.CANCELLED, p, List.of(), null);
        JobSummary summary = new JobSummary(JobReport.Outcome.CANCELLED, 26, 0, 8, Map.of("damaged", 3L, "undamaged", 5L),
                0, Map.of(), 0, List.of(), Duration.ofMillis(1500), null);
        String text = ClassifyObjectsDialog.summaryText(new ClassifyObjectsResult(report, summary, dir.resolve("o.gpkg"),
                "o", 4, List.of("no GPU")));
        assertThat(text).startsWith("Cancelled in 1.5 s: 8 results").contains("damaged: 3").contains("undamaged: 5")
                .contains("4 objects outside the processing extent").contains("Resume")
                .contains("Warning: no GPU").endsWith("Output: " + dir.resolve("o.gpkg") + " (table o)");
    }
}
