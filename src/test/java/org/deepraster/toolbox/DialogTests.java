package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.Container;
import java.awt.Window;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;

/**
 * Helpers for tool dialog tests: run on the EDT, wait, find named components, answer a question
 * dialog, and the plugin descriptor with its tools. Also used by the viewer's GUI tests.
 */
public final class DialogTests {
    private DialogTests() {
    }

    public static <T> T edt(Callable<T> c) throws Exception {
        Object[] box = new Object[1];
        Exception[] err = new Exception[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                box[0] = c.call();
            } catch (Exception e) {
                err[0] = e;
            }
        });
        if (err[0] != null) {
            throw err[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    public static void set(Runnable r) throws Exception {
        edt(() -> {
            r.run();
            return null;
        });
    }

    public static void waitUntil(Callable<Boolean> condition, String what, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.call()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends JComponent> T find(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName()) && c instanceof JComponent j) {
                return (T) j;
            }
            if (c instanceof Container k) {
                JComponent f = find(k, name);
                if (f != null) {
                    return (T) f;
                }
            }
        }
        return null;
    }

    /** The plugin descriptor of the Deep Learning toolbox (from the classpath). */
    public static org.deepraster.plugin.PluginDescriptor descriptor() throws Exception {
        try (java.io.InputStream in = DialogTests.class.getClassLoader()
                .getResourceAsStream(org.deepraster.plugin.PluginManager.DESCRIPTOR_RESOURCE)) {
            return org.deepraster.plugin.PluginDescriptorReader.read(in, "plugin-descriptor.xml").descriptor();
        }
    }

    /** A tool of the descriptor by id. */
    public static org.deepraster.plugin.ToolDescriptor tool(org.deepraster.plugin.PluginDescriptor d, String id) {
        return d.tools().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** Loads {@code model} in a dialog's model panel and waits until it is ready to run. */
    public static void loadModel(org.deepraster.toolbox.form.ModelPanel panel, java.nio.file.Path model) throws Exception {
        set(() -> panel.picker().load(model.toString()));
        waitUntil(() -> edt(panel::isReady), "the model", 60);
    }

    /** Disposes the dialog on the EDT (when there is one). */
    public static void dispose(Window dialog) throws Exception {
        if (dialog != null) {
            set(dialog::dispose);
        }
    }

    /** Closes the engine of a test class (when it was made). */
    public static void close(org.deepraster.inference.InferenceEngine engine) {
        if (engine != null) {
            engine.close();
        }
    }

    /** Waits for the question dialog of this name and presses its button with this text. */
    public static void answer(String dialogName, String button) throws Exception {
        waitUntil(() -> edt(() -> Arrays.stream(Window.getWindows())
                .anyMatch(w -> dialogName.equals(w.getName()) && w.isShowing())), dialogName, 20);
        set(() -> {
            for (Window w : Window.getWindows()) {
                if (dialogName.equals(w.getName()) && w.isShowing()) {
                    JButton b = findButton(w, button);
                    assertThat(b).as(button).isNotNull();
                    b.doClick();
                }
            }
        });
    }

    private static JButton findButton(Container root, String text) {
        for (Component c : root.getComponents()) {
            if (c instanceof JButton b && text.equals(b.getText())) {
                return b;
            }
            if (c instanceof Container k) {
                JButton f = findButton(k, text);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }
}
