package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.FlatLightLaf;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.fixture.JTreeFixture;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.PluginDescriptorReader;
import org.deepraster.plugin.PluginManager;
import org.deepraster.plugin.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The toolbox panel in a real window (run under Xvfb): opening tools by mouse, keyboard and menu. */
@Tag("gui")
class ToolboxPanelGuiTest {

    static PluginDescriptor descriptor;

    Robot robot;
    FrameFixture window;
    FakePluginContext context;
    DeepLearningPlugin plugin;
    TestHost host;

    @BeforeAll
    static void needsADisplay() throws Exception {
        Display.assumeAvailable();
        FailOnThreadViolationRepaintManager.install();
        try (InputStream in = ToolboxPanelGuiTest.class.getClassLoader()
                .getResourceAsStream(PluginManager.DESCRIPTOR_RESOURCE)) {
            descriptor = PluginDescriptorReader.read(in, "plugin-descriptor.xml").descriptor();
        }
    }

    @BeforeEach
    void showToolbox() {
        robot = BasicRobot.robotWithNewAwtHierarchy();
        host = new TestHost();
        context = host.install(new FakePluginContext(descriptor));
        plugin = new DeepLearningPlugin();
        JFrame frame = GuiActionRunner.execute(() -> {
            FlatLightLaf.setup();
            JFrame f = new JFrame("DeepRaster — toolbox test");
            f.setName("main");
            context.mainWindow = f;
            plugin.start(context);
            f.getContentPane().add(context.panels.get(0).factory().get(), BorderLayout.CENTER);
            f.setPreferredSize(new Dimension(320, 460));
            f.pack();
            return f;
        });
        window = new FrameFixture(robot, frame);
        window.show();
    }

    @AfterEach
    void cleanUp() {
        if (plugin != null) {
            GuiActionRunner.execute(() -> plugin.stop());
        }
        if (window != null) {
            window.cleanUp();
        }
        if (host != null) {
            host.close();
        }
    }

    DialogFixture dialogOf(String toolId) {
        return WindowFinder.findDialog(ToolDialogs.dialogName(toolId)).withTimeout(5000).using(robot);
    }

    @Test
    void doubleClickingAToolOpensItsDialog() {
        window.tree("toolbox.tree").doubleClickPath("Deep Learning/Export Training Data");
        DialogFixture dialog = dialogOf("export-training-data");
        dialog.requireVisible();
        assertThat(dialog.target().getTitle()).isEqualTo("Export Training Data");
        String message = dialog.textBox("toolbox.tool.export-training-data.message").text();
        assertThat(message).contains("not available yet in this version")
                .contains(descriptor.tools().get(3).description());
        dialog.button("toolbox.tool.export-training-data.close").click();
        dialog.requireNotVisible();
    }

    @Test
    void enterOpensTheSelectedTool() {
        JTreeFixture tree = window.tree("toolbox.tree");
        tree.selectPath("Deep Learning/Detect Objects");
        tree.pressAndReleaseKeys(KeyEvent.VK_ENTER);
        DialogFixture dialog = dialogOf("detect-objects");
        dialog.requireVisible();
        assertThat(dialog.target().getTitle()).isEqualTo("Detect Objects");
        dialog.pressAndReleaseKeys(KeyEvent.VK_ESCAPE);
        dialog.requireNotVisible();
    }

    @Test
    void theOpenButtonOpensTheSelectedTool() {
        window.button("toolbox.open").requireDisabled();
        window.tree("toolbox.tree").clickPath("Deep Learning/Export Training Data");
        window.textBox("toolbox.description").requireText(
                "Export Training Data\n\n" + descriptor.tools().get(3).description());
        window.button("toolbox.open").requireEnabled().click();
        dialogOf("export-training-data").requireVisible();
    }

    @Test
    void aMenuItemOpensItsTool() {
        FakePluginContext.MenuItem item = context.menuItems.get(2);
        assertThat(item.name()).isEqualTo("Classify Pixels");
        GuiActionRunner.execute(() -> item.action().run());
        DialogFixture dialog = dialogOf("classify-pixels");
        dialog.requireVisible();
        // opening it again brings the same dialog to the front instead of a second one
        GuiActionRunner.execute(() -> item.action().run());
        assertThat(dialogOf("classify-pixels").target()).isSameAs(dialog.target());
    }

    @Test
    void toolsThatRunAModelLetTheUserInspectOneAlready() {
        JTreeFixture tree = window.tree("toolbox.tree");
        tree.selectPath("Deep Learning/Detect Objects");
        window.button("toolbox.open").click();
        DialogFixture detect = dialogOf("detect-objects");
        detect.panel("model.panel").requireVisible();
        detect.comboBox("model.picker.path").requireVisible();
        assertThat(detect.textBox("toolbox.tool.detect-objects.message").text())
                .contains("not available yet").contains("choose a model");
        // Enter in the model path loads the model: a default button would close the dialog instead.
        // (Checked on the root pane, not with the robot's keyboard: focus is unreliable under Xvfb
        // without a window manager.)
        assertThat(GuiActionRunner.execute(() -> ((javax.swing.JDialog) detect.target()).getRootPane().getDefaultButton()))
                .isNull();
        detect.button("toolbox.tool.detect-objects.close").click();
        detect.requireNotVisible();

        tree.selectPath("Deep Learning/Export Training Data");
        window.button("toolbox.open").click();
        DialogFixture export = dialogOf("export-training-data");
        assertThat(export.robot().finder().findAll(export.target(),
                c -> "model.panel".equals(c.getName()))).isEmpty();
        export.button("toolbox.tool.export-training-data.close").click();
    }

    @Test
    void screenshotOfThePanel() throws Exception {
        window.tree("toolbox.tree").clickPath("Deep Learning/Classify Objects");
        robot.waitForIdle();
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Rectangle bounds = GuiActionRunner.execute(() -> window.target().getBounds());
        BufferedImage panel = new java.awt.Robot().createScreenCapture(bounds);
        ImageIO.write(panel, "png", dir.resolve("toolbox-panel.png").toFile());

        // Opened with the Open button: a robot double-click can arrive as two single clicks on a
        // heavily loaded machine, and double-clicking has its own test.
        window.button("toolbox.open").click();
        DialogFixture dialog = dialogOf("classify-objects");
        dialog.comboBox("classify.raster").requireVisible();
        dialog.button("classify.run").requireDisabled(); // nothing chosen yet
        robot.waitForIdle();
        Rectangle dialogBounds = GuiActionRunner.execute(() -> dialog.target().getBounds());
        ImageIO.write(new java.awt.Robot().createScreenCapture(dialogBounds.union(bounds)), "png",
                dir.resolve("toolbox-dialog.png").toFile());
        assertThat(dir.resolve("toolbox-panel.png")).exists();
    }
}
