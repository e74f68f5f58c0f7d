package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.DialogTests.edt;
import static org.deepraster.toolbox.DialogTests.set;
import static org.deepraster.toolbox.DialogTests.waitUntil;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import org.deepraster.plugin.ToolDescriptor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pre-run estimate line of a tool dialog: it appears before Run is pressed, follows a change of the model
 * arguments (test-time augmentation views counted), is computed off the EDT (the EDT answers within a short time
 * throughout), and ends with the dialog.
 */
@Tag("gui")
@Timeout(240)
class EstimateLineGuiTest {
    static final Path MODEL = Path.of("sample-models", "landcover_classifier.dlpk").toAbsolutePath();

    @RegisterExtension
    static final DialogHost env = new DialogHost(640, 7);

    @Test
    void theEstimateAppearsBeforeRunWithoutBlockingTheEdtAndEndsWithTheDialog() throws Exception {
        ToolDescriptor tool = DialogTests.tool(env.descriptor(), ClassifyPixelsDialog.TOOL_ID);
        ClassifyPixelsDialog dialog = edt(() -> new ClassifyPixelsDialog(null, tool, env.context(), env.engine()));
        try {
            set(() -> dialog.setVisible(true));
            DialogTests.loadModel(dialog.modelPanel(), MODEL);
            JLabel line = edt(() -> DialogTests.find(dialog.getContentPane(), "pixels.estimate"));

            // the EDT's latency, probed every 20 ms while the estimate is calibrated
            AtomicLong worst = new AtomicLong();
            Thread probe = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long t0 = System.nanoTime();
                    try {
                        SwingUtilities.invokeAndWait(() -> { });
                        worst.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "edt-probe");
            probe.start();
            try {
                waitUntil(() -> edt(line::getText).startsWith("Estimate: about"), "the first estimate", 120);
                String first = edt(line::getText);
                assertThat(first).contains(" tiles (").contains(", peak heap about ").doesNotContain("augmentation");
                assertThat(edt(() -> dialog.isRunning())).isFalse();

                set(() -> dialog.modelPanel().setArguments("batch_size 8;test_time_augmentation True"));
                assertThat(edt(line::getText)).as("recomputed after the debounce").doesNotContain(first);
                waitUntil(() -> edt(line::getText).contains("8 test-time augmentation views a tile"), "the estimate with TTA", 120);
            } finally {
                probe.interrupt();
                probe.join();
            }
            assertThat(worst.get() / 1e6).as("the longest EDT wait (ms)").isLessThan(400);

            String shots = System.getProperty("deepraster.screenshots", System.getenv("DEEPRASTER_SCREENSHOTS"));
            if (shots != null) {
                BufferedImage img = edt(() -> {
                    BufferedImage b = new BufferedImage(dialog.getWidth(), dialog.getHeight(), BufferedImage.TYPE_INT_RGB);
                    dialog.getRootPane().paint(b.getGraphics());
                    return b;
                });
                Files.createDirectories(Path.of(shots));
                ImageIO.write(img, "png", Path.of(shots, "estimate-dialog.png").toFile());
            }

            // a change starts a calibration; closing the dialog cancels it and its thread ends
            set(() -> dialog.modelPanel().setArguments("batch_size 4;test_time_augmentation True"));
            waitUntil(() -> edt(line::getText).contains("calibration"), "a calibration in flight", 30);
        } finally {
            DialogTests.dispose(dialog);
        }
        waitUntil(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("deepraster-estimate") && t.isAlive()), "the estimate thread to end", 60);
    }
}
