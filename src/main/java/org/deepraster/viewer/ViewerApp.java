package org.deepraster.viewer;

import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import com.formdev.flatlaf.FlatLightLaf;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.MapService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.PluginDescriptor;
import org.deepraster.plugin.PluginManager;
import org.deepraster.plugin.SelectionService;
import org.deepraster.plugin.TaskService;
import org.deepraster.plugin.UiService;
import org.deepraster.util.Log;

/**
 * The viewer application: makes the host services and the main window, discovers and starts
 * the plugins, and opens the files given on the command line.
 */
public final class ViewerApp {
    public static final String NAME = "DeepRaster";
    public static final String VERSION = "0.1.0";

    private final NotificationCenter notifier = new NotificationCenter();
    private final TaskManager tasks = new TaskManager(notifier);
    private final LayerManager layers = new LayerManager(tasks, notifier);
    private final MainFrame frame;
    private final MapServiceImpl mapService;
    private final SelectionManager selection;
    private final UiServiceImpl ui;
    private PluginManager plugins;

    /** Builds the window (not shown yet); on the EDT. */
    private ViewerApp(boolean exitOnClose) {
        frame = new MainFrame(layers, tasks, notifier, RecentFiles.forUser());
        mapService = new MapServiceImpl(frame.mapPane(), layers);
        selection = new SelectionManager(layers);
        ui = new UiServiceImpl(frame, frame.pluginMenuBar(), frame.dock(), notifier);
        frame.setIdentifyListener(r -> {
            if (r.featureId() != null) {
                selection.select(r.layer(), java.util.Set.of(r.featureId()));
            }
        });
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                shutdown();
                if (exitOnClose) {
                    System.exit(0);
                }
            }
        });
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            files.add(Path.of(a));
        }
        launch(files);
    }

    /**
     * Starts the viewer: look and feel, main window, plugins (from the classpath and the
     * {@code plugins} folder), then opens the files in the background. Call from any thread;
     * returns once the window is showing. Closing the window exits the JVM.
     */
    public static ViewerApp launch(List<Path> filesToOpen) {
        return start(filesToOpen, true, true);
    }

    /**
     * Starts the viewer; {@code exitOnClose} false leaves the JVM running when the window closes
     * (for tests), {@code loadPlugins} false skips plugin discovery.
     */
    public static ViewerApp start(List<Path> filesToOpen, boolean exitOnClose, boolean loadPlugins) {
        Log.ensureConfigured();
        ViewerApp app = Edt.call(() -> {
            setupLookAndFeel();
            ViewerApp a = new ViewerApp(exitOnClose);
            UncaughtErrors.install(a.notifier);
            a.frame.setVisible(true);
            if (loadPlugins) {
                a.startPlugins();
            }
            return a;
        });
        for (Path p : filesToOpen) {
            app.layers.open(p);
        }
        return app;
    }

    static void setupLookAndFeel() {
        if (!(UIManager.getLookAndFeel() instanceof FlatLightLaf)) {
            FlatLightLaf.setup();
        }
    }

    /** Discovers and starts plugins; a failing plugin manager never stops the viewer. On the EDT. */
    private void startPlugins() {
        try {
            plugins = PluginManager.discover(ViewerApp.class.getClassLoader(), pluginsDir(), VERSION);
            plugins.startAll(this::hostContextFor);
            for (String problem : plugins.problems()) {
                notifier.warning("Plugin problem: " + problem);
            }
        } catch (RuntimeException | LinkageError e) {
            plugins = null;
            notifier.warning("Plugins could not be loaded: " + e.getMessage());
        }
    }

    /** {@code plugins/} in the DeepRaster folder ({@code deepraster.home}), else in the working folder. */
    static Path pluginsDir() {
        String home = System.getProperty("deepraster.home");
        return (home == null ? Path.of("") : Path.of(home)).resolve("plugins");
    }

    /** The context a plugin gets: the host services plus its own descriptor. */
    public PluginContext hostContextFor(PluginDescriptor descriptor) {
        return new HostContext(new PluginContext.HostInfo(NAME, VERSION), descriptor, layers, mapService,
                selection, tasks, notifier, ui);
    }

    private void shutdown() {
        if (plugins != null) {
            try {
                plugins.stopAll();
            } catch (RuntimeException e) {
                Log.logger(ViewerApp.class).log(java.util.logging.Level.WARNING, "Stopping plugins failed", e);
            }
        }
        tasks.close();
    }

    public MainFrame frame() {
        return frame;
    }

    public MapPane mapPane() {
        return frame.mapPane();
    }

    public LayerService layers() {
        return layers;
    }

    LayerManager layerManager() {
        return layers;
    }

    public MapService map() {
        return mapService;
    }

    public SelectionService selection() {
        return selection;
    }

    public TaskService tasks() {
        return tasks;
    }

    public NotificationCenter notifications() {
        return notifier;
    }

    public UiService ui() {
        return ui;
    }

    /** Closes the window (and so the viewer); any thread. */
    public void close() {
        SwingUtilities.invokeLater(frame::dispose);
    }
}
