package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.extras.FlatSVGIcon;
import java.awt.Component;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;
import javax.swing.Icon;
import javax.swing.SwingUtilities;
import org.deepraster.plugin.FakePluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.PluginDescriptorReader;
import org.deepraster.plugin.PluginManager;
import org.deepraster.plugin.ToolDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The toolbox plugin started against a fake host that records what it adds. */
class DeepLearningPluginTest {

    static PluginDescriptor descriptor;

    @BeforeAll
    static void readDescriptor() throws Exception {
        try (InputStream in = DeepLearningPluginTest.class.getClassLoader()
                .getResourceAsStream(PluginManager.DESCRIPTOR_RESOURCE)) {
            descriptor = PluginDescriptorReader.read(in, "plugin-descriptor.xml").descriptor();
        }
    }

    static <T> T onEdt(java.util.concurrent.Callable<T> task) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                result[0] = task.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    @Test
    void addsADockedToolboxListingItsTools() throws Exception {
        Display.assumeAvailable();
        FakePluginContext context = new FakePluginContext(descriptor);
        DeepLearningPlugin plugin = new DeepLearningPlugin();
        onEdt(() -> {
            plugin.start(context);
            return null;
        });
        assertThat(context.panels).first().satisfies(p -> {
            assertThat(p.id()).isEqualTo(DeepLearningPlugin.PANEL_ID);
            assertThat(p.title()).isEqualTo("Deep Learning");
        });
        assertThat(context.panels).extracting(FakePluginContext.Panel::title).containsExactly("Deep Learning", "Review");
        ToolboxPanel panel = onEdt(() -> {
            Component c = context.panels.get(0).factory().get();
            assertThat(c).isInstanceOf(ToolboxPanel.class);
            return (ToolboxPanel) c;
        });
        List<ToolboxPanel.ToolItem> items = panel.items();
        assertThat(items).extracting(i -> i.tool().name()).containsExactly(
                "Classify Objects", "Detect Objects", "Classify Pixels", "Export Training Data", "Non Maximum Suppression",
                "Accuracy Assessment", "Raster to Polygons", "Self-Supervised Classification");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.icon()).isInstanceOf(FlatSVGIcon.class);
            FlatSVGIcon icon = (FlatSVGIcon) item.icon();
            assertThat(icon.getName()).isEqualTo(item.tool().icon());
            assertThat(icon.getIconWidth()).isEqualTo(16);
            assertThat(icon.hasFound()).as(item.tool().icon()).isTrue();
            assertThat(paintedPixels(icon)).as("pixels drawn by " + icon.getName()).isGreaterThan(40);
        });
        // tools are grouped under their category
        assertThat(panel.tree().getRowCount()).isEqualTo(9);
        assertThat(panel.tree().getPathForRow(0).getLastPathComponent().toString()).isEqualTo("Deep Learning");
        assertThat(panel.getName()).isEqualTo("toolbox.panel");
        assertThat(panel.tree().getName()).isEqualTo("toolbox.tree");
    }

    @Test
    void addsOneMenuItemPerTool() throws Exception {
        FakePluginContext context = new FakePluginContext(descriptor);
        new DeepLearningPlugin().start(context); // registers menu items and a panel factory; builds no component
        assertThat(context.panels).extracting(FakePluginContext.Panel::id)
                .containsExactly(DeepLearningPlugin.PANEL_ID, DeepLearningPlugin.REVIEW_PANEL_ID);
        assertThat(context.menuItems).hasSize(9);
        assertThat(context.menuItems).extracting(FakePluginContext.MenuItem::menu).containsOnly("Deep Learning");
        assertThat(context.menuItems).extracting(FakePluginContext.MenuItem::name).containsExactly(
                "Classify Objects", "Detect Objects", "Classify Pixels", "Export Training Data", "Non Maximum Suppression",
                "Accuracy Assessment", "Raster to Polygons", "Self-Supervised Classification", DeepLearningPlugin.REVIEW_ITEM);
        assertThat(context.menuItems).allSatisfy(item -> {
            assertThat(item.action()).isNotNull();
            assertThat(getClass().getClassLoader().getResource(item.icon())).as(item.icon()).isNotNull();
        });
    }

    @Test
    void theToolListIsDataDriven() throws Exception {
        Display.assumeAvailable();
        ToolDescriptor extra = new ToolDescriptor("count-trees", "Count Trees", "nowhere/missing.svg",
                "Forestry", "Counts trees.");
        PluginDescriptor other = new PluginDescriptor("x", "X", "1", null, DeepLearningPlugin.class.getName(),
                "", List.of(descriptor.tools().get(1), extra), "test");
        FakePluginContext context = new FakePluginContext(other);
        ToolboxPanel panel = onEdt(() -> {
            new DeepLearningPlugin().start(context);
            return (ToolboxPanel) context.panels.get(0).factory().get();
        });
        assertThat(panel.items()).extracting(i -> i.tool().id()).containsExactly("detect-objects", "count-trees");
        assertThat(panel.tree().getRowCount()).isEqualTo(4); // two categories, one tool each
        Icon fallback = panel.items().get(1).icon();
        assertThat(((FlatSVGIcon) fallback).getName()).isEqualTo(ToolIcons.TOOLBOX_ICON);
        assertThat(context.menuItems).extracting(FakePluginContext.MenuItem::name)
                .containsExactly("Detect Objects", "Count Trees", DeepLearningPlugin.REVIEW_ITEM);
    }

    @Test
    void selectingAToolShowsItsDescriptionAndEnablesOpen() throws Exception {
        Display.assumeAvailable();
        List<ToolDescriptor> opened = new java.util.ArrayList<>();
        ToolboxPanel panel = onEdt(() -> new ToolboxPanel(descriptor.tools(), descriptor.description(),
                new ToolIcons(getClass().getClassLoader()), opened::add));
        javax.swing.JButton open = (javax.swing.JButton) find(panel, "toolbox.open");
        javax.swing.JTextArea text = (javax.swing.JTextArea) find(panel, "toolbox.description");
        assertThat(open.isEnabled()).isFalse();
        assertThat(text.getText()).startsWith(descriptor.description());
        onEdt(() -> panel.select("classify-pixels"));
        assertThat(open.isEnabled()).isTrue();
        assertThat(text.getText()).startsWith("Classify Pixels").contains(descriptor.tools().get(2).description());
        onEdt(() -> {
            open.doClick();
            return null;
        });
        assertThat(opened).extracting(ToolDescriptor::id).containsExactly("classify-pixels");
    }

    @Test
    void theIconsLoadAndDraw() {
        ToolIcons icons = new ToolIcons(getClass().getClassLoader());
        assertThat(descriptor.tools()).allSatisfy(t -> assertThat(icons.exists(t.icon())).as(t.icon()).isTrue());
        Display.assumeAvailable(); // painting an SVG icon initialises the AWT toolkit
        for (ToolDescriptor tool : descriptor.tools()) {
            FlatSVGIcon icon = (FlatSVGIcon) icons.forTool(tool, 24);
            assertThat(icon.getIconWidth()).isEqualTo(24);
            assertThat(paintedPixels(icon)).as(tool.icon()).isGreaterThan(40);
        }
        assertThat(paintedPixels(icons.load(ToolIcons.TOOLBOX_ICON, 16))).isGreaterThan(40);
    }

    @Test
    void everyToolHasARealDialog() {
        DeepLearningPlugin plugin = new DeepLearningPlugin();
        plugin.start(new org.deepraster.plugin.FakePluginContext(descriptor));
        try {
            assertThat(descriptor.tools()).filteredOn(t -> plugin.dialogs().hasDialog(t.id()))
                    .extracting(ToolDescriptor::id).containsExactly(ClassifyObjectsDialog.TOOL_ID,
                            DetectObjectsDialog.TOOL_ID, ClassifyPixelsDialog.TOOL_ID, ExportTrainingDataDialog.TOOL_ID,
                            NmsDialog.TOOL_ID, AccuracyAssessmentDialog.TOOL_ID, "raster-to-polygons",
                            "self-supervised-classification");
        } finally {
            plugin.stop();
        }
    }

    static Component find(java.awt.Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) {
                return c;
            }
            if (c instanceof java.awt.Container inner) {
                Component found = find(inner, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static int paintedPixels(FlatSVGIcon icon) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        icon.paintIcon(null, g, 0, 0);
        g.dispose();
        int n = 0;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                if ((image.getRGB(x, y) >>> 24) > 0) {
                    n++;
                }
            }
        }
        return n;
    }
}
