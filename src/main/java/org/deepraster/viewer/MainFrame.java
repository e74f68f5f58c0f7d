package org.deepraster.viewer;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.datatransfer.DataFlavor;
import java.awt.event.KeyEvent;
import java.awt.geom.Point2D;
import java.io.File;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.prefs.Preferences;
import javax.swing.AbstractButton;
import javax.swing.BorderFactory;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSeparator;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JToggleButton;
import javax.swing.JToolBar;
import javax.swing.KeyStroke;
import javax.swing.SwingConstants;
import javax.swing.TransferHandler;
import org.deepraster.geo.Crs;
import org.locationtech.jts.geom.Envelope;

/**
 * The main window: toolbar, the dock (layer list and plugin panels) on the left, the map in the
 * centre, and the status bar (coordinates, scale, CRS, tasks, messages). EDT only.
 */
public final class MainFrame extends JFrame {
    private final LayerManager layers;
    private final TaskManager tasks;
    private final NotificationCenter notifier;
    private final MapPane map;
    private final JTabbedPane dock = new JTabbedPane();
    private final LayerListPanel layerPanel;
    private final JMenuBar menuBar = new JMenuBar();
    private final JMenu recentMenu = new JMenu("Recent Files");
    private final RecentFiles recent;
    private final JLabel coords = statusLabel("statusCoords", 220);
    private final JLabel scale = statusLabel("statusScale", 120);
    private final JLabel crs = statusLabel("statusCrs", 340);
    private final JLabel message = statusLabel("statusMessage", 300);
    private IdentifyDialog identify;

    MainFrame(LayerManager layers, TaskManager tasks, NotificationCenter notifier, RecentFiles recent) {
        super(ViewerApp.NAME);
        this.layers = layers;
        this.tasks = tasks;
        this.notifier = notifier;
        this.recent = recent;
        setName("mainFrame");
        map = new MapPane(layers::mapLayers, layers::mapCrs);
        layerPanel = new LayerListPanel(layers, map);
        layers.setHooks(new LayerManager.MapHooks() {
            @Override
            public void redrawAll() {
                map.requestRender();
                updateCrs();
            }

            @Override
            public void redrawArea(Envelope mapArea, double marginPixels) {
                map.refreshArea(mapArea, marginPixels);
            }

            @Override
            public void zoomToFirst(MapLayer layer) {
                map.zoomTo(layer.extentIn(layers.mapCrs()));
            }
        });
        layers.setOpenedListener(p -> {
            recent.add(p);
            rebuildRecent();
        });

        dock.setName("dock");
        dock.addTab("Layers", layerPanel);
        dock.setMinimumSize(new Dimension(200, 100));
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, dock, map);
        split.setName("mainSplit");
        split.setDividerLocation(290);
        split.setResizeWeight(0);

        getContentPane().add(toolbar(), BorderLayout.NORTH);
        getContentPane().add(split, BorderLayout.CENTER);
        getContentPane().add(statusBar(), BorderLayout.SOUTH);
        setJMenuBar(menus());
        notifier.setOwner(this);
        notifier.addListener(m -> {
            message.setText(m.text());
            message.setToolTipText(m.toString());
            message.setForeground(m.level() == NotificationCenter.Level.INFO ? javax.swing.UIManager.getColor("Label.foreground")
                    : m.level() == NotificationCenter.Level.WARNING ? new java.awt.Color(0xB0, 0x70, 0x00)
                    : new java.awt.Color(0xC0, 0x20, 0x20));
        });

        map.addProblemListener((layer, text) -> {
            notifier.warning(layer.name() + ": " + text);
            layerPanel.repaint();
        });
        map.addCursorListener(this::showCoordinates);
        map.addViewportListener(vp -> updateScale());
        map.setIdentifyHandler((p, s) -> identifyAt(p));
        TransferHandler dnd = new FileDropHandler();
        map.setTransferHandler(dnd);
        layerPanel.enableDragAndDrop(dnd);

        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        setSize(1400, 900);
        setLocationByPlatform(true);
        updateCrs();
    }

    public MapPane mapPane() {
        return map;
    }

    JTabbedPane dock() {
        return dock;
    }

    JMenuBar pluginMenuBar() {
        return menuBar;
    }

    private static JLabel statusLabel(String name, int width) {
        JLabel l = new JLabel(" ");
        l.setName(name);
        l.setPreferredSize(new Dimension(width, l.getPreferredSize().height + 4));
        return l;
    }

    // ---------------------------------------------------------------- toolbar

    private JToolBar toolbar() {
        JToolBar tb = new JToolBar();
        tb.setName("toolbar");
        tb.setFloatable(false);
        ButtonGroup group = new ButtonGroup();
        tb.add(icon(toolButton(group, "Pan", "tool.pan", "Pan: drag the map (the wheel zooms at the cursor)", MapTool.PAN, true), "map-pan"));
        tb.add(icon(toolButton(group, "Zoom In", "tool.zoomIn", "Zoom in: click, or drag a box", MapTool.ZOOM_IN, false), "map-zoom-in"));
        tb.add(icon(toolButton(group, "Zoom Out", "tool.zoomOut", "Zoom out: click", MapTool.ZOOM_OUT, false), "map-zoom-out"));
        tb.add(icon(toolButton(group, "Identify", "tool.identify", "Identify: click a feature or pixel", MapTool.IDENTIFY, false), "map-identify"));
        tb.addSeparator();
        tb.add(icon(button("Full Extent", "tool.fullExtent", "Show all layers", this::fullExtent), "map-full-extent"));
        tb.add(icon(button("Zoom to Layer", "tool.zoomLayer", "Show the layer selected in the list", this::zoomToSelectedLayer), "map-zoom-layer"));
        tb.addSeparator();
        tb.add(icon(button("Open…", "tool.open", "Open a raster or vector file", () -> chooseAndOpen(null)), "map-open"));
        return tb;
    }

    /** Gives a toolbar button its SVG icon from {@code icons/} (the text stays when the icon is missing). */
    private static <B extends AbstractButton> B icon(B b, String name) {
        String res = "org/deepraster/icons/" + name + ".svg";
        if (MainFrame.class.getClassLoader().getResource(res) != null) {
            b.setIcon(new com.formdev.flatlaf.extras.FlatSVGIcon(res, 18, 18, MainFrame.class.getClassLoader()));
            b.setText(null);
        }
        return b;
    }

    private JToggleButton toolButton(ButtonGroup group, String text, String name, String tip, MapTool tool, boolean selected) {
        JToggleButton b = new JToggleButton(text, selected);
        b.setName(name);
        b.setToolTipText(tip);
        b.addActionListener(e -> map.setTool(tool));
        group.add(b);
        return b;
    }

    private static JButton button(String text, String name, String tip, Runnable r) {
        JButton b = new JButton(text);
        b.setName(name);
        b.setToolTipText(tip);
        b.addActionListener(e -> r.run());
        return b;
    }

    // ---------------------------------------------------------------- menus

    private JMenuBar menus() {
        menuBar.setName("menuBar");
        JMenu file = menu("File", "menu.file", KeyEvent.VK_F);
        file.add(item("Open Raster…", "menu.file.openRaster", KeyStroke.getKeyStroke("ctrl R"), () -> chooseAndOpen(Kind.RASTER)));
        file.add(item("Open Vector…", "menu.file.openVector", KeyStroke.getKeyStroke("ctrl shift V"), () -> chooseAndOpen(Kind.VECTOR)));
        file.add(item("Open…", "menu.file.open", KeyStroke.getKeyStroke("ctrl O"), () -> chooseAndOpen(null)));
        recentMenu.setName("menu.file.recent");
        file.add(recentMenu);
        rebuildRecent();
        file.addSeparator();
        file.add(item("Exit", "menu.file.exit", KeyStroke.getKeyStroke("ctrl Q"), this::dispose));
        menuBar.add(file);

        JMenu view = menu("View", "menu.view", KeyEvent.VK_V);
        view.add(item("Full Extent", "menu.view.fullExtent", KeyStroke.getKeyStroke("ctrl F"), this::fullExtent));
        view.add(item("Zoom In", "menu.view.zoomIn", KeyStroke.getKeyStroke("ctrl EQUALS"), () -> map.zoomBy(0.5)));
        view.add(item("Zoom Out", "menu.view.zoomOut", KeyStroke.getKeyStroke("ctrl MINUS"), () -> map.zoomBy(2)));
        view.add(item("Zoom to Layer", "menu.view.zoomLayer", null, this::zoomToSelectedLayer));
        view.add(new JSeparator());
        view.add(item("Layers", "menu.view.layers", null, () -> dock.setSelectedIndex(0)));
        view.add(item("Messages…", "menu.view.messages", null, this::showMessages));
        menuBar.add(view);

        JMenu help = menu("Help", "menu.help", KeyEvent.VK_H);
        help.add(item("About DeepRaster", "menu.help.about", null, this::about));
        menuBar.add(help);
        return menuBar;
    }

    private static JMenu menu(String text, String name, int mnemonic) {
        JMenu m = new JMenu(text);
        m.setName(name);
        m.setMnemonic(mnemonic);
        return m;
    }

    private static JMenuItem item(String text, String name, KeyStroke key, Runnable r) {
        JMenuItem i = new JMenuItem(text);
        i.setName(name);
        if (key != null) {
            i.setAccelerator(key);
        }
        i.addActionListener(e -> r.run());
        return i;
    }

    private void rebuildRecent() {
        recentMenu.removeAll();
        List<Path> files = recent.list();
        if (files.isEmpty()) {
            JMenuItem none = new JMenuItem("(none)");
            none.setEnabled(false);
            recentMenu.add(none);
        }
        int n = 0;
        for (Path p : files) {
            JMenuItem i = item(p.getFileName() + "  –  " + p.getParent(), "menu.file.recent." + n++, null, () -> open(p, null));
            recentMenu.add(i);
        }
    }

    private void about() {
        JOptionPane.showMessageDialog(this, "<html><b>" + ViewerApp.NAME + " " + ViewerApp.VERSION + "</b><br>"
                + "Deep-learning imagery tools in an open, pure-Java map viewer.<br><br>"
                + "Java " + System.getProperty("java.version") + "</html>", "About " + ViewerApp.NAME,
                JOptionPane.INFORMATION_MESSAGE);
    }

    private void showMessages() {
        JList<NotificationCenter.Message> list = new JList<>(notifier.history().toArray(NotificationCenter.Message[]::new));
        list.setName("messageList");
        JScrollPane sp = new JScrollPane(list);
        sp.setPreferredSize(new Dimension(700, 300));
        JOptionPane.showMessageDialog(this, sp, "Messages", JOptionPane.PLAIN_MESSAGE);
    }

    // ---------------------------------------------------------------- opening files

    enum Kind { RASTER, VECTOR }

    private void chooseAndOpen(Kind kind) {
        Preferences prefs = Preferences.userRoot().node("org/deepraster/viewer");
        // the last folder of this kind of file (raster, vector, any)
        String key = kind == Kind.RASTER ? "lastDir.raster" : kind == Kind.VECTOR ? "lastDir.vector" : "lastDir";
        JFileChooser fc = new JFileChooser(prefs.get(key, prefs.get("lastDir", System.getProperty("user.dir"))));
        fc.setName("fileChooser");
        fc.setMultiSelectionEnabled(true);
        fc.setDialogTitle(kind == Kind.RASTER ? "Open Raster" : kind == Kind.VECTOR ? "Open Vector" : "Open");
        javax.swing.filechooser.FileFilter filter = fileFilter(kind);
        fc.addChoosableFileFilter(filter);
        fc.setFileFilter(filter);
        if (fc.showOpenDialog(this) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        File[] files = fc.getSelectedFiles();
        if (files.length == 0 && fc.getSelectedFile() != null) {
            files = new File[] {fc.getSelectedFile()};
        }
        for (File f : files) {
            if (f.getParent() != null) {
                prefs.put(key, f.getParent());
                prefs.put("lastDir", f.getParent());
            }
            open(f.toPath(), kind);
        }
    }

    /** The chooser's filter: the files that kind of opening reads (not "All Files"). */
    static javax.swing.filechooser.FileNameExtensionFilter fileFilter(Kind kind) {
        String[] rasters = {"tif", "tiff"};
        String[] vectors = {"gpkg", "shp", "geojson", "json"};
        if (kind == Kind.RASTER) {
            return new javax.swing.filechooser.FileNameExtensionFilter("Rasters (*.tif, *.tiff)", rasters);
        }
        if (kind == Kind.VECTOR) {
            return new javax.swing.filechooser.FileNameExtensionFilter("Vectors (*.gpkg, *.shp, *.geojson, *.json)", vectors);
        }
        return new javax.swing.filechooser.FileNameExtensionFilter("Rasters and vectors (*.tif, *.gpkg, *.shp, *.geojson …)",
                "tif", "tiff", "gpkg", "shp", "geojson", "json");
    }

    /** Opens a file in the background; errors are shown by the task service. */
    CompletableFuture<?> open(Path file, Kind kind) {
        String opening = "Opening " + file.getFileName() + "…";
        message.setText(opening);
        CompletableFuture<?> f = kind == Kind.RASTER ? layers.openRaster(file) : kind == Kind.VECTOR ? layers.openVector(file)
                : layers.open(file);
        // the status line does not keep saying "Opening …" once it is done (a failure says so itself)
        f.whenComplete((ok, error) -> Edt.run(() -> {
            if (opening.equals(message.getText())) {
                message.setText(error == null ? "Opened " + file.getFileName() : " ");
            }
        }));
        return f;
    }

    private final class FileDropHandler extends TransferHandler {
        @Override
        public boolean canImport(TransferSupport support) {
            return support.isDataFlavorSupported(DataFlavor.javaFileListFlavor);
        }

        @Override
        public boolean importData(TransferSupport support) {
            if (!canImport(support)) {
                return false;
            }
            try {
                @SuppressWarnings("unchecked")
                List<File> files = (List<File>) support.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
                for (File f : files) {
                    open(f.toPath(), null); // raster or vector: decided by content, in the background
                }
                return true;
            } catch (Exception e) {
                notifier.error("The dropped files could not be read", e);
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- navigation, status

    void fullExtent() {
        Envelope all = new Envelope();
        for (MapLayer l : layers.mapLayers()) {
            all.expandToInclude(l.extentIn(layers.mapCrs()));
        }
        map.zoomTo(all);
    }

    private void zoomToSelectedLayer() {
        MapLayer l = layerPanel.selectedLayer();
        if (l == null && !layers.mapLayers().isEmpty()) {
            l = layers.mapLayers().get(0);
        }
        if (l != null) {
            map.zoomTo(l.extentIn(layers.mapCrs()));
        }
    }

    private void showCoordinates(Point2D p) {
        if (p == null) {
            coords.setText(" ");
            return;
        }
        boolean geo = Crs.isGeographic(layers.mapCrs());
        DecimalFormat f = new DecimalFormat(geo ? "0.000000" : "0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        coords.setText(f.format(p.getX()) + ", " + f.format(p.getY()));
    }

    private void updateScale() {
        double n = map.viewport().scaleDenominator(Crs.isGeographic(layers.mapCrs()));
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        scale.setText("1:" + f.format(Math.max(1, Math.round(n))));
    }

    private void updateCrs() {
        String name = layers.mapCrs() == null ? "no CRS" : Crs.displayName(layers.mapCrs());
        crs.setText(name);
        crs.setToolTipText("Map CRS: " + name);
        updateScale();
    }

    private JComponent statusBar() {
        JPanel bar = new JPanel(new BorderLayout());
        bar.setName("statusBar");
        bar.setBorder(BorderFactory.createEmptyBorder(2, 6, 2, 6));
        JPanel left = new JPanel(new FlowLayout(FlowLayout.LEFT, 10, 0));
        coords.setHorizontalAlignment(SwingConstants.LEFT);
        coords.setToolTipText("Coordinates under the cursor, in map CRS units");
        scale.setToolTipText("Map scale");
        left.add(coords);
        left.add(scale);
        left.add(crs);
        bar.add(left, BorderLayout.WEST);
        bar.add(message, BorderLayout.CENTER);
        bar.add(new TaskStatusPanel(tasks), BorderLayout.EAST);
        return bar;
    }

    // ---------------------------------------------------------------- identify

    void identifyAt(Point2D p) {
        List<MapLayer> now = layers.mapLayers();
        double tolerance = 4 * map.viewport().scale();
        Optional<Identifier.Result> f = Identifier.feature(now, layers.mapCrs(), p.getX(), p.getY(), tolerance);
        if (f.isPresent()) {
            showIdentify(f.get());
            return;
        }
        tasks.submit("Identify", progress -> Identifier.pixel(now, layers.mapCrs(), p.getX(), p.getY()))
                .result().thenAccept(r -> Edt.run(() -> {
                    if (r.isPresent()) {
                        showIdentify(r.get());
                    } else {
                        message.setText("Nothing to identify here.");
                    }
                }));
    }

    private void showIdentify(Identifier.Result r) {
        if (identify == null) {
            identify = new IdentifyDialog(this);
        }
        identify.show(r.title(), r.values());
        identifyListener.accept(r);
    }

    private java.util.function.Consumer<Identifier.Result> identifyListener = r -> { };

    /** Called on the EDT with each identify result (the app selects an identified feature). */
    void setIdentifyListener(java.util.function.Consumer<Identifier.Result> l) {
        identifyListener = l;
    }

    /** For tests: the identify window, if it was opened. */
    IdentifyDialog identifyDialog() {
        return identify;
    }

    @Override
    public void dispose() {
        map.dispose();
        super.dispose();
    }
}
