package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JTextField;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.ToolSpec;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declared tool without a dialog of its own: the form is its declarations, Run waits for what is required, a bad
 * value is said inline, the run reports like its command and its output opens on the map.
 */
@Tag("gui")
@Timeout(120)
class DeclaredToolDialogTest {
    @RegisterExtension
    static final DialogHost env = new DialogHost(256, 5);

    @TempDir
    Path dir;

    /** Writes {@code count} points into a GeoJSON file. */
    record Points(int count, Path out, boolean overwrite) {
    }

    static final class PointsSpec implements ToolSpec<Points> {
        @Override
        public String id() {
            return "write-points";
        }

        @Override
        public String title() {
            return "Write Points";
        }

        @Override
        public List<String> description() {
            return List.of("Writes points along a line.");
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.of("count", Parameter.Type.INTEGER, "Number of points", "How many.").withDefault(3)
                            .withRange(1, 100),
                    Parameter.of("out_features", Parameter.Type.OUTPUT_FILE, "Output features", "A .geojson file.")
                            .asRequired(),
                    Parameter.flag("overwrite", "Overwrite", "Replace an existing output."));
        }

        @Override
        public Points parameters(ParameterValues v) {
            return new Points(v.integer("count"), v.path("out_features"), v.isOn("overwrite"));
        }

        @Override
        public ParameterValues values(Points p) {
            return newValues().set("count", p.count()).set("out_features", p.out()).flag("overwrite", p.overwrite());
        }

        @Override
        public int run(Points p, ToolConsole console) throws IOException {
            if (Files.exists(p.out()) && !p.overwrite()) {
                throw new UserException("The output " + p.out() + " already exists.", "Tick Overwrite.");
            }
            StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
            for (int i = 0; i < p.count(); i++) {
                b.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"n\":").append(i)
                        .append("},\"geometry\":{\"type\":\"Point\",\"coordinates\":[").append(i).append(",0]}}");
            }
            Files.writeString(p.out(), b.append("]}").toString());
            console.out().println(p.count() + " points written to " + p.out());
            return 0;
        }
    }

    @Test
    void theDeclarationsAreTheFormAndRunDoesWhatTheCommandDoes() throws Exception {
        PointsSpec spec = new PointsSpec();
        DeclaredToolDialog<Points> dialog = edt(() -> new DeclaredToolDialog<>(null, null, env.context(), spec));
        try {
            JButton run = (JButton) find(dialog.getContentPane(), "write-points.run");
            JTextField count = (JTextField) find(dialog.getContentPane(), "write-points.param.count");
            JTextField out = (JTextField) find(dialog.getContentPane(), "write-points.param.out_features");
            String initial = edt(count::getText);
            assertThat(initial).isEqualTo("3");
            assertThat(edt(run::isEnabled)).as("the output is required").isFalse();
            assertThat(edt(dialog::commandLine)).isEqualTo("# Give output features");

            Path file = dir.resolve("points.geojson");
            set(() -> {
                out.setText(file.toString());
                count.setText("500");
            });
            assertThat(edt(dialog::commandLine)).startsWith("# ").contains("--count '500' is out of range");
            set(dialog::run);
            assertThat(edt(dialog::errorText)).isEqualTo("--count '500' is out of range.\nFrom 1 to 100.");

            set(() -> count.setText("4"));
            assertThat(edt(dialog::commandLine)).isEqualTo("deepraster write-points --count 4 --out_features " + file);
            int before = env.host().layers.size();
            set(dialog::run);
            waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 60);
            assertThat(edt(dialog::errorText)).isEmpty();
            int code = edt(dialog::lastExitCode);
            assertThat(code).isZero();
            waitUntil(() -> edt(dialog::reportText).contains("4 points written"), "the report", 10);
            waitUntil(() -> env.host().layers.size() == before + 1, "the output on the map", 10);

            // the tool's own refusal is shown like any other
            set(dialog::run);
            waitUntil(() -> edt(() -> !dialog.isRunning()), "the second run", 60);
            assertThat(edt(dialog::errorText)).isEqualTo("The output " + file + " already exists.\nTick Overwrite.");
            Path job = dir.resolve("job.json");
            assertThat(edt(() -> DeclaredToolDialogTest.save(dialog, job))).isTrue();
            assertThat(spec.parameters(JobFile.read(job, id -> spec).values())).isEqualTo(new Points(4, file, false));
        } finally {
            DialogTests.dispose(dialog);
        }
    }

    @Test
    void rasterToPolygonsOffersTheMapsRastersAndPutsItsPolygonsOnTheMap() throws Exception {
        env.host().openNow(env.scene().landCover());
        org.deepraster.tool.rastertopolygons.RasterToPolygonsSpec spec =
                new org.deepraster.tool.rastertopolygons.RasterToPolygonsSpec();
        ToolDescriptor tool = DialogTests.tool(env.descriptor(), spec.id());
        DeclaredToolDialog<?> dialog = edt(() -> new DeclaredToolDialog<>(null, tool, env.context(), spec));
        try {
            // the whole form is the declarations, without the "Other parameters" frame; no exit codes in the text
            assertThat(edt(() -> dialog.form().component().getBorder())).isNull();
            assertThat(DeclaredToolDialog.forTheDialog(spec.description())).doesNotContain("Exit codes")
                    .startsWith("Turns a classified raster into polygons");
            // the input lists the map's rasters top down (the top one chosen), not its vector layers
            JComboBox<?> in = (JComboBox<?>) find(dialog.getContentPane(), "raster-to-polygons.param.in_raster");
            List<String> offered = edt(() -> ClassifyObjectsDialog.items(in));
            assertThat(offered).containsExactly(env.scene().landCover().toString(), env.scene().scene().toString());
            assertThat(edt(() -> ((JTextField) in.getEditor().getEditorComponent()).getText()))
                    .isEqualTo(env.scene().landCover().toString());
            Path out = dir.resolve("landcover.gpkg");
            set(() -> {
                ((JTextField) find(dialog.getContentPane(), "raster-to-polygons.param.out_polygon_features"))
                        .setText(out.toString());
            });
            assertThat(edt(dialog::commandLine)).isEqualTo("deepraster raster-to-polygons --in_raster "
                    + env.scene().landCover() + " --out_polygon_features " + out);
            int before = env.host().layers.size();
            set(dialog::run);
            waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 60);
            assertThat(edt(dialog::errorText)).isEmpty();
            assertThat(edt(dialog::lastExitCode)).isZero();
            waitUntil(() -> env.host().layers.size() == before + 1, "the polygons on the map", 10);
        } finally {
            DialogTests.dispose(dialog);
        }
    }

    private static boolean save(DeclaredToolDialog<?> dialog, Path job) throws IOException {
        return dialog.commandPreview().saveJob(job);
    }
}
