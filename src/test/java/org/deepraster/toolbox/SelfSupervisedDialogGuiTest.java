package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.find;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.nio.file.Path;
import javax.swing.JTextField;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.sample.RiverScenes;
import org.deepraster.tool.selfsupervised.SelfSupervisedParameters;
import org.deepraster.tool.selfsupervised.SelfSupervisedSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Self-Supervised Classification's generated dialog: runs like the command and opens the tile and final rasters. */
@Tag("gui")
@Timeout(180)
class SelfSupervisedDialogGuiTest {
    @RegisterExtension
    static final DialogHost env = new DialogHost(256, 5);

    @TempDir
    Path dir;

    @Test
    void runsAndShowsTheTileAndClassifiedRastersOnTheMap() throws Exception {
        Path images = dir.resolve("images");
        RiverScenes.write(images, "g", 12, 1, 200, 150);
        Path out = dir.resolve("out");
        DeclaredToolDialog<SelfSupervisedParameters> dialog = edt(() -> new DeclaredToolDialog<>(null, null, env.context(),
                new SelfSupervisedSpec()));
        try {
            String id = SelfSupervisedSpec.ID;
            set(() -> {
                ((JTextField) ((javax.swing.JComboBox<?>) find(dialog.getContentPane(), id + ".param." + SelfSupervisedSpec.IN_RASTER))
                        .getEditor().getEditorComponent())
                        .setText(images.resolve("g01.tif").toString());
                ((JTextField) find(dialog.getContentPane(), id + ".param." + SelfSupervisedSpec.MODEL))
                        .setText("sample-models/river_tile_classifier.dlpk");
                ((JTextField) find(dialog.getContentPane(), id + ".param." + SelfSupervisedSpec.OUT_FOLDER))
                        .setText(out.toString());
                ((JTextField) find(dialog.getContentPane(), id + ".param." + SelfSupervisedSpec.MAX_SAMPLES))
                        .setText("500");
            });
            assertThat(edt(dialog::commandLine)).startsWith("deepraster self-supervised-classification --in_raster");
            int before = env.host().layers.size();
            set(dialog::run);
            waitUntil(() -> edt(() -> !dialog.isRunning()), "the run", 150);
            assertThat(edt(dialog::errorText)).isEmpty();
            assertThat((int) edt(dialog::lastExitCode)).isZero();
            assertThat(edt(dialog::reportText)).contains("pixel-weighted F1 CNN");
            // the tile raster streamed onto the map as its tiles were classified, then the file took its place
            assertThat(env.host().rasterStreams).hasSize(1);
            var stream = env.host().rasterStreams.get(0);
            assertThat(stream.grid.width()).isEqualTo((200 + 49) / 50); // 200 x 150 px in 50 px tiles
            assertThat(stream.blocks).hasSize(stream.grid.width() * stream.grid.height());
            assertThat(stream.finishedWith).isEqualTo(out.resolve("g01_tiles.tif"));
            assertThat(stream.values).doesNotContain(-1);
            waitUntil(() -> env.host().layers.size() == before + 2, "the tiles and the classification on the map", 10);
            assertThat(env.host().layers).extracting(LayerInfo::name).anyMatch(n -> n.contains("g01_tiles"))
                    .anyMatch(n -> n.contains("g01_classified"));
        } finally {
            DialogTests.dispose(dialog);
        }
    }
}
