package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.Main;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job files: written from a run's values, read back to the same parameters; what is wrong in one is said plainly. */
class JobFileTest {
    @TempDir
    Path dir;

    final DetectObjectsSpec spec = new DetectObjectsSpec();

    @Test
    void aJobWrittenFromParametersReadsBackToTheSameParameters() throws Exception {
        DetectObjectsParameters p = DetectObjectsParameters.of(dir.resolve("a b.tif"), "m.emd", dir.resolve("o.gpkg"))
                .withArguments(ModelArguments.parse("threshold 0.4;batch_size 2")).withNms(true, 0.25)
                .withResampleToModelCellSize(true);
        Path job = dir.resolve("job.json");
        new JobFile(spec.id(), spec.values(p)).write(job);
        String json = Files.readString(job);
        assertThat(json).contains("\"tool\" : \"detect-objects\"").contains("\"max_overlap_ratio\" : 0.25")
                .contains("\"resample_to_model_cell_size\" : true").contains("\"confidence_score_field\" : \"Confidence\"")
                .doesNotContain("overwrite");
        JobFile read = JobFile.read(job, ToolRegistry::find);
        assertThat(read.tool()).isEqualTo("detect-objects");
        assertThat(spec.parameters(read.values())).isEqualTo(p);
    }

    @Test
    void namesMayBeAliasesAndValuesTyped() {
        JobFile j = JobFile.parse("{\"tool\": \"detect-objects\", \"parameters\": {\"in-raster\": \"r.tif\","
                + " \"in_model_definition\": \"m.emd\", \"out_feature_class\": \"o.gpkg\", \"max_overlap_ratio\": 0.5,"
                + " \"run_nms\": \"NMS\", \"overwrite\": true, \"retries\": 3}}", "job", ToolRegistry::find);
        assertThat(j.values().text("in_raster")).isEqualTo("r.tif");
        assertThat(j.values().text("out_detected_objects")).isEqualTo("o.gpkg");
        assertThat(j.values().number("max_overlap_ratio")).isEqualTo(0.5);
        assertThat(j.values().isOn("overwrite")).isTrue();
        assertThat(j.values().integer("retries")).isEqualTo(3);
    }

    @Test
    void whatIsWrongInAJobIsSaidPlainly() {
        assertThatThrownBy(() -> JobFile.parse("{\"tool\": ", "job.json", ToolRegistry::find))
                .isInstanceOf(UserException.class).hasMessageContaining("job.json is not valid JSON");
        assertThatThrownBy(() -> JobFile.parse("{\"parameters\": {}}", "job.json", ToolRegistry::find))
                .isInstanceOf(UserException.class).hasMessageContaining("names no tool");
        assertThatThrownBy(() -> JobFile.parse("{\"tool\": \"detect-everything\"}", "job.json", ToolRegistry::find))
                .isInstanceOf(UserException.class).hasMessageContaining("'detect-everything', which does not exist");
        assertThatThrownBy(() -> JobFile.parse("{\"tool\": \"detect-objects\", \"parameters\": {\"treshold\": 1}}",
                "job.json", ToolRegistry::find))
                .isInstanceOf(UserException.class).hasMessageContaining("'treshold', which is not a parameter of detect-objects")
                .satisfies(e -> assertThat(((UserException) e).hint()).contains("in_raster"));
        assertThatThrownBy(() -> JobFile.parse("{\"tool\": \"detect-objects\", \"parameters\": {\"in_raster\": [\"a\", \"b\"]}}",
                "job.json", ToolRegistry::find))
                .isInstanceOf(UserException.class).hasMessageContaining("several values for in_raster");
        assertThatThrownBy(() -> JobFile.parse("{\"tool\": \"detect-objects\", \"deepraster_job\": 99}", "job.json",
                ToolRegistry::find)).isInstanceOf(UserException.class).hasMessageContaining("newer format");
        ParameterValues v = JobFile.parse("{\"tool\": \"detect-objects\", \"parameters\": {\"max_overlap_ratio\": 2}}",
                "job.json", ToolRegistry::find).values();
        assertThatThrownBy(() -> v.number("max_overlap_ratio")).isInstanceOf(UserException.class)
                .hasMessage("--max_overlap_ratio '2' is out of range.");
    }

    @Test
    void theRunCommandPrintsTheEquivalentCommandLineAndRefusesAMissingFile() throws Exception {
        Path job = dir.resolve("job.json");
        Files.writeString(job, "{\"tool\": \"detect-objects\", \"parameters\": {\"in_raster\": \"r.tif\","
                + " \"in_model_definition\": \"m.emd\", \"out_detected_objects\": \"o.gpkg\", \"run_nms\": \"NMS\"}}");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true));
            rc = Main.run("run", job.toString(), "--print-command");
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        assertThat(buf.toString().trim()).isEqualTo(
                "deepraster detect-objects --in_raster r.tif --in_model_definition m.emd --out_detected_objects o.gpkg --run_nms NMS");
        assertThat(Main.run("run", dir.resolve("missing.json").toString())).isEqualTo(2);
    }
}
