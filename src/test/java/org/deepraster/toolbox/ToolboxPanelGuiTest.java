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
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JTree;
import javax.swing.KeyStroke;
import javax.swing.tree.TreePath;

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

    // The tree and the Open button are driven on the EDT: under Xvfb without a window manager the
    // robot's clicks and key presses on a freshly shown window get lost now and then, and the
    // operating system's double-click detection is not what these tests are about.

    /** The tree path of a tool, found by its name. */
    private TreePath pathOf(String toolName) {
        return GuiActionRunner.execute(() -> {
            JTree t = (JTree) window.tree("toolbox.tree").target();
            for (int i = 0; i < t.getRowCount(); i++) {
                TreePath p = t.getPathForRow(i);
                if (String.valueOf(p.getLastPathComponent()).equals(toolName)) {
                    return p;
                }
            }
            throw new AssertionError("no tool named " + toolName + " in the tree");
        });
    }

    private void select(String toolName) {
        TreePath p = pathOf(toolName);
        GuiActionRunner.execute(() -> ((JTree) window.tree("toolbox.tree").target()).setSelectionPath(p));
    }

    /** A left double-click on the tool's row, as the tree receives it. */
    private void doubleClick(String toolName) {
        TreePath p = pathOf(toolName);
        GuiActionRunner.execute(() -> {
            JTree t = (JTree) window.tree("toolbox.tree").target();
            Rectangle r = t.getPathBounds(p);
            int x = r.x + r.width / 2, y = r.y + r.height / 2;
            long now = System.currentTimeMillis();
            for (int id : new int[] {MouseEvent.MOUSE_PRESSED, MouseEvent.MOUSE_RELEASED, MouseEvent.MOUSE_CLICKED}) {
                t.dispatchEvent(new MouseEvent(t, id, now, InputEvent.BUTTON1_DOWN_MASK, x, y, 2, false, MouseEvent.BUTTON1));
            }
        });
    }

    /** Enter on the tree: the action its key binding names. */
    private void pressEnterOnTree() {
        GuiActionRunner.execute(() -> {
            JTree t = (JTree) window.tree("toolbox.tree").target();
            Object key = t.getInputMap(JComponent.WHEN_FOCUSED).get(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0));
            t.getActionMap().get(key).actionPerformed(new ActionEvent(t, ActionEvent.ACTION_PERFORMED, "enter"));
        });
    }

    private void clickOpen() {
        GuiActionRunner.execute(() -> ((JButton) window.button("toolbox.open").target()).doClick());
    }

    private void clickClose(DialogFixture dialog, String toolId) {
        GuiActionRunner.execute(() -> ((JButton) dialog.button("toolbox.tool." + toolId + ".close").target()).doClick());
    }

    DialogFixture dialogOf(String toolId) {
        return WindowFinder.findDialog(ToolDialogs.dialogName(toolId)).withTimeout(5000).using(robot);
    }

    @Test
    void doubleClickingAToolOpensItsDialog() {
        doubleClick("Classify Pixels");
        DialogFixture dialog = dialogOf("classify-pixels");
        dialog.requireVisible();
        assertThat(dialog.target().getTitle()).isEqualTo("Classify Pixels");
        dialog.comboBox("pixels.raster").requireVisible(); // its real dialog
        GuiActionRunner.execute(() -> ((JButton) dialog.button("pixels.close").target()).doClick());
        dialog.requireNotVisible();
    }

    @Test
    void enterOpensTheSelectedTool() {
        select("Classify Pixels");
        pressEnterOnTree();
        DialogFixture dialog = dialogOf("classify-pixels");
        dialog.requireVisible();
        assertThat(dialog.target().getTitle()).isEqualTo("Classify Pixels");
        dialog.comboBox("pixels.raster").requireVisible(); // its real dialog
        GuiActionRunner.execute(() -> ((JButton) dialog.button("pixels.close").target()).doClick());
        dialog.requireNotVisible();
    }

    @Test
    void theOpenButtonOpensTheSelectedTool() {
        window.button("toolbox.open").requireDisabled();
        select("Export Training Data");
        window.textBox("toolbox.description").requireText(
                "Export Training Data\n\n" + descriptor.tools().get(3).description());
        window.button("toolbox.open").requireEnabled();
        clickOpen();
        DialogFixture dialog = dialogOf("export-training-data");
        dialog.requireVisible();
        // the real dialog: its form and Run
        dialog.button("export.run").requireVisible();
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
    void aToolWithoutADialogSaysSoAndCanLetTheUserInspectAModel() {
        // every tool of the descriptor that runs a model has its dialog now: a tool id the plugin does
        // not know (as a newer descriptor could name) opens the "not available yet" dialog
        org.deepraster.plugin.ToolDescriptor unknown = new org.deepraster.plugin.ToolDescriptor("segment-anything",
                "Segment Anything", "nowhere/missing.svg", "Deep Learning", "Segments anything.");
        GuiActionRunner.execute(() -> {
            plugin.dialogs().setPreview(t -> t.id().equals("segment-anything") ? new org.deepraster.toolbox.form.ModelPanel()
                    : null);
            plugin.dialogs().open(unknown, window.target());
        });
        DialogFixture preview = dialogOf("segment-anything");
        preview.panel("model.panel").requireVisible();
        preview.comboBox("model.picker.path").requireVisible();
        assertThat(preview.textBox("toolbox.tool.segment-anything.message").text())
                .contains("not available yet").contains("choose a model").contains("Segments anything.");
        // Enter in the model path loads the model: a default button would close the dialog instead.
        // (Checked on the root pane, not with the robot's keyboard: focus is unreliable under Xvfb
        // without a window manager.)
        assertThat(GuiActionRunner.execute(() -> ((javax.swing.JDialog) preview.target()).getRootPane().getDefaultButton()))
                .isNull();
        clickClose(preview, "segment-anything");
        preview.requireNotVisible();

        select("Export Training Data");
        clickOpen();
        DialogFixture export = dialogOf("export-training-data");
        assertThat(export.robot().finder().findAll(export.target(),
                c -> "model.panel".equals(c.getName()))).isEmpty();
        GuiActionRunner.execute(() -> ((JButton) export.button("export.close").target()).doClick());
        export.requireNotVisible();
    }

    @Test
    void screenshotOfThePanel() throws Exception {
        select("Classify Objects");
        robot.waitForIdle();
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Rectangle bounds = GuiActionRunner.execute(() -> window.target().getBounds());
        BufferedImage panel = new java.awt.Robot().createScreenCapture(bounds);
        ImageIO.write(panel, "png", dir.resolve("toolbox-panel.png").toFile());

        // Opened with the Open button: a robot double-click can arrive as two single clicks on a
        // heavily loaded machine, and double-clicking has its own test.
        clickOpen();
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
