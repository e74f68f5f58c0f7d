package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.answer;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.awt.Rectangle;
import java.nio.file.Path;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.deepraster.model.ModelArguments;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.TestHost;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.sample.SampleScene;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The Classify Pixels dialog against an in-memory host ({@link TestHost}): the parameters and command
 * line it builds from its form, the blocks streamed onto a raster layer off the EDT, the GeoTIFF that
 * replaces that layer at the end, the Overwrite question, and the polygon options refused inline.
 * Needs a display (a JDialog), not the viewer.
 */
@Tag("gui")
@Timeout(240)
class ClassifyPixelsDialogHostTest {
    static final Path MODEL = Path.of("sample-models", "landcover_classifier.dlpk").toAbsolutePath();

    @RegisterExtension
    static final DialogHost env = new DialogHost(640, 7);

    @TempDir
    Path dir;
    ClassifyPixelsDialog dialog;

    @BeforeEach
    void open() throws Exception {
        ToolDescriptor tool = DialogTests.tool(env.descriptor(), ClassifyPixelsDialog.TOOL_ID);
        dialog = edt(() -> new ClassifyPixelsDialog(null, tool, env.context(), env.engine()));
        DialogTests.loadModel(dialog.modelPanel(), MODEL);
    }

    @AfterEach
    void close() throws Exception {
        DialogTests.dispose(dialog);
    }

    private <T extends javax.swing.JComponent> T field(String name) {
        return find(dialog.getContentPane(), name);
    }

    @Test
    void theFormGivesTheParametersAndCommandLineOfTheCli() throws Exception {
        // defaults: the map's raster, a GeoTIFF proposed next to it, no confidence raster, no polygons
        ClassifyPixelsParameters p = edt(dialog::parameters);
        Path proposed = env.scene().scene().resolveSibling("scene_classified.tif");
        assertThat(p).isEqualTo(ClassifyPixelsParameters.of(env.scene().scene(), MODEL.toString(), proposed));
        assertThat(edt(dialog::commandLine)).isEqualTo("deepraster " + CommandLinePreview.join(
                ClassifyPixelsDialog.commandArgs(p, null)));

        Path out = dir.resolve("cover.tif");
        Envelope visible = new Envelope(500_000, 500_100, 5_000_000, 5_000_100);
        env.host().visible = visible;
        set(() -> {
            ((JTextField) field("pixels.output")).setText(out.toString());
            dialog.modelPanel().setArguments("padding 48;batch_size 2;blend_tiles True");
            ((JCheckBox) field("pixels.confidence")).setSelected(true);
            ((JCheckBox) field("pixels.extent")).setSelected(true);
            ((JComboBox<?>) field("pixels.processor")).setSelectedItem(Environments.Processor.GPU);
            ((JSpinner) field("pixels.parallel")).setValue(3);
        });
        ClassifyPixelsParameters expected = new ClassifyPixelsParameters(env.scene().scene(), MODEL.toString(), out,
                ModelArguments.parse("padding 48;batch_size 2;blend_tiles True"), dir.resolve("cover_confidence.tif"), null,
                new Environments(new ProcessingExtent.Box(visible, env.host().crs), null, Environments.Processor.GPU, 0, 3, 1),
                false);
        assertThat(edt(dialog::parameters)).isEqualTo(expected);
        assertThat(edt(dialog::commandLine)).isEqualTo("deepraster " + CommandLinePreview.join(
                ClassifyPixelsDialog.commandArgs(expected, null))).contains("--out_confidence_raster");

        // the polygons section: collapsed until opened; its settings need an output
        assertThat(edt(() -> field("pixels.polygons.output").getParent().isVisible())).isFalse();
        set(() -> ((JButton) field("pixels.polygons")).doClick());
        assertThat(edt(() -> field("pixels.polygons.output").getParent().isVisible())).isTrue();
        assertThat(edt(() -> field("pixels.regularize").getToolTipText())).contains("this model's:").contains("Building");
        set(() -> ((JSpinner) field("pixels.minArea")).setValue(20.0));
        assertThat(edt(dialog::commandLine)).startsWith("# ").contains("need an output for the polygons");
        Path polygons = dir.resolve("cover.gpkg");
        set(() -> {
            ((JTextField) field("pixels.polygons.output")).setText(polygons.toString());
            ((JSpinner) field("pixels.simplify")).setValue(1.5);
            ((JTextField) field("pixels.regularize")).setText("building, road");
        });
        assertThat(edt(dialog::parameters).vectorOutput()).isEqualTo(new ClassifyPixelsParameters.VectorOutput(
                polygons, 20, 1.5, java.util.List.of("building", "road")));
        assertThat(edt(dialog::commandLine)).contains("--out_feature_class " + polygons)
                .contains("--regularize_classes building,road");

        // a mask with the map extent is refused (as the CLI refuses both); the mask alone is fine
        set(() -> dialog.maskPicker().select("buildings"));
        assertThat(edt(dialog::commandLine)).startsWith("# ").contains("not both");
        set(() -> ((JCheckBox) field("pixels.extent")).setSelected(false));
        assertThat(edt(dialog::parameters).environments().extent()).isInstanceOf(ProcessingExtent.Mask.class);
        assertThat(edt(dialog::commandLine)).contains("--mask " + env.scene().groundTruth());
    }

    @Test
    void oneControlForTheConfidenceRaster() throws Exception {
        // the model declares return_probability_raster; the form leaves it to the dialog's one box
        assertThat(edt(() -> dialog.modelPanel().picker().loaded().arguments()).stream().map(a -> a.name()))
                .contains(ClassifyPixelsDialog.PROBABILITY_ARGUMENT);
        assertThat(edt(() -> dialog.modelPanel().form().specs()).stream().map(a -> a.name()))
                .contains("padding").doesNotContain(ClassifyPixelsDialog.PROBABILITY_ARGUMENT);
        JCheckBox box = edt(() -> field("pixels.confidence"));
        assertThat(edt(box::getText)).startsWith("Write a confidence raster");
        assertThat(edt(box::isSelected)).as("the model's default: False").isFalse();
        assertThat(edt(dialog::parameters).outConfidenceRaster()).isNull();
        set(() -> box.setSelected(true));
        ClassifyPixelsParameters p = edt(dialog::parameters);
        assertThat(p.outConfidenceRaster()).isEqualTo(env.scene().scene().resolveSibling("scene_classified_confidence.tif"));
        assertThat(p.arguments().values()).doesNotContainKey(ClassifyPixelsDialog.PROBABILITY_ARGUMENT);
    }

    @Test
    void blocksStreamOntoTheMapAndTheGeoTiffReplacesThem() throws Exception {
        Path out = dir.resolve("cover.tif");
        set(() -> {
            ((JTextField) field("pixels.output")).setText(out.toString());
            dialog.modelPanel().setArguments("batch_size 4");
            dialog.run();
        });
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 180);
        assertThat(edt(dialog::errorText)).isEmpty();
        String summary = edt(dialog::summary);
        assertThat(summary).startsWith("Completed").contains("pixels classified").contains("Output: " + out);

        TestHost.RasterStream stream = env.host().rasterStreams.get(0);
        assertThat(stream.info().name()).isEqualTo("cover.tif");
        assertThat(stream.grid.width()).isEqualTo(640);
        assertThat(stream.blocks).hasSizeGreaterThan(1); // 640 px in blocks of 256: 9
        assertThat(stream.threads).noneMatch(t -> t.endsWith("(EDT)"));
        assertThat(stream.noData).isEqualTo(255);
        assertThat(stream.palette).isNotNull();
        // the streamed values are the written ones, every pixel
        try (RasterSource written = RasterFiles.open(out)) {
            assertThat(written.palette()).isPresent();
            RasterWindow w = written.read(new Rectangle(0, 0, 640, 640), new int[] {0});
            for (int i = 0; i < 640 * 640; i++) {
                assertThat(stream.values[i]).as("pixel %d", i).isEqualTo((int) w.samples()[i]);
            }
            for (int v = 0; v < 6; v++) {
                assertThat(stream.palette[v]).isEqualTo(written.palette().get()[v] & 0xFFFFFF);
            }
        }
        // the preview went; the GeoTIFF is on the map
        assertThat(stream.finishedWith).isEqualTo(out);
        waitUntil(() -> env.host().layers().stream().anyMatch(l -> l.path().map(out::equals).orElse(false)), "the output layer",
                20);
        assertThat(env.host().layers()).doesNotContain(stream.info());
        LayerInfo layer = env.host().layers().stream().filter(l -> l.path().map(out::equals).orElse(false)).findFirst()
                .orElseThrow();
        assertThat(layer.raster()).isPresent();

        // again to the same output: Overwrite, and the earlier layer is replaced by the new one
        javax.swing.SwingUtilities.invokeLater(dialog::run); // the question is modal
        answer("pixels.exists", "Overwrite");
        waitUntil(() -> env.host().rasterStreams.size() == 2 && edt(() -> !dialog.isRunning()), "the second run", 180);
        waitUntil(() -> env.host().rasterStreams.get(1).finished && env.host().layers().stream()
                .filter(l -> l.path().map(out::equals).orElse(false)).count() == 1
                && !env.host().layers().contains(layer), "the second output layer", 20);
    }

    @Test
    void aCancelledRunLeavesTheFinishedBlocksOnTheMap() throws Exception {
        Path big = new SampleScene(1536, 5).write(dir.resolve("big")).scene(); // 36 blocks
        Path out = dir.resolve("cover.tif");
        env.host().appendDelayMillis = 300; // a slow map: the run lasts long enough to cancel it mid-way
        set(() -> {
            dialog.rasterPicker().choose(java.util.List.of(big));
            ((JTextField) field("pixels.output")).setText(out.toString());
            dialog.modelPanel().setArguments("batch_size 1");
            dialog.run();
        });
        waitUntil(() -> !env.host().rasterStreams.isEmpty() && env.host().rasterStreams.get(0).blocks.size() >= 1, "a first block", 60);
        set(() -> ((JButton) field("pixels.cancel")).doClick());
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the cancel", 120);
        assertThat(edt(dialog::summary)).startsWith("Cancelled").contains("finished before the cancel");
        TestHost.RasterStream stream = env.host().rasterStreams.get(0);
        // after a cancel the finished blocks are in the file and on the map; unfinished ones stay NoData (for --resume)
        assertThat(stream.finishedWith).isEqualTo(out);
        waitUntil(() -> env.host().layers().stream().anyMatch(l -> l.path().map(out::equals).orElse(false)), "the output layer",
                20);
        // the map showed what the GeoTIFF holds: the finished part classified, the rest NoData
        int n = 1536;
        try (RasterSource written = RasterFiles.open(out)) {
            RasterWindow w = written.read(new Rectangle(0, 0, n, n), new int[] {0});
            long classified = 0;
            long noData = 0;
            for (int i = 0; i < n * n; i++) {
                boolean isNoData = !w.isValid(i % n, i / n) || w.samples()[i] == 255;
                if (stream.values[i] >= 0) {
                    assertThat((int) w.samples()[i]).as("pixel %d", i).isEqualTo(stream.values[i]);
                } else {
                    assertThat(isNoData).as("pixel %d", i).isTrue();
                }
                if (isNoData) {
                    noData++;
                } else {
                    classified++;
                }
            }
            assertThat(classified).isPositive();
            assertThat(noData).isPositive();
        }
    }

    @Test
    void polygonsPerClassAreWrittenAndOpenedOnTheMap() throws Exception {
        Path out = dir.resolve("cover.tif");
        Path polygons = dir.resolve("cover.gpkg");
        set(() -> {
            ((JTextField) field("pixels.output")).setText(out.toString());
            ((JButton) field("pixels.polygons")).doClick();
            ((JTextField) field("pixels.polygons.output")).setText(polygons.toString());
            ((JSpinner) field("pixels.minArea")).setValue(4.0);
            ((JTextField) field("pixels.regularize")).setText("Building");
            dialog.run();
        });
        waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 180);
        assertThat(edt(dialog::errorText)).isEmpty();
        assertThat(edt(dialog::summary)).contains("Polygons: ").contains("footprints squared")
                .contains("Output: " + polygons);
        java.util.List<org.deepraster.feature.FeatureCollection> written = org.deepraster.feature.VectorFiles.open(polygons);
        assertThat(written.get(0).size()).isPositive();
        waitUntil(() -> env.host().layers().stream().anyMatch(l -> l.path().map(polygons::equals).orElse(false))
                && env.host().layers().stream().anyMatch(l -> l.path().map(out::equals).orElse(false)), "both outputs on the map",
                20);

        // only the polygon output left: the question names it, and Overwrite replaces it
        java.nio.file.Files.delete(out);
        javax.swing.SwingUtilities.invokeLater(dialog::run);
        answer("pixels.exists", "Overwrite");
        waitUntil(() -> env.host().rasterStreams.size() == 2 && edt(() -> !dialog.isRunning()), "the second run", 180);
        assertThat(edt(dialog::errorText)).isEmpty();
        assertThat(edt(dialog::summary)).contains("Output: " + polygons);
    }
}
