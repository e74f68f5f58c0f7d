package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Icon;
import javax.swing.InputMap;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSlider;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.RowFilter;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableRowSorter;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.ReviewStore;
import org.deepraster.feature.WriteMode;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.SelectionService;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;

/**
 * Reviewing a results layer (the docked "Review" panel): pick a layer; its classes with their
 * colours, number keys, counts (accepted / relabelled / rejected / left) and a check box each to
 * show or hide them; a minimum confidence and a review-status filter; and a table of the
 * features shown. The map follows the filters live (through {@link LayerService#setFilter}), and
 * the selection both ways: a row selected zooms to and flashes its feature; a feature picked on
 * the map (identify) selects its row. Keys in the table: Down/Right/N next, Up/Left/P previous,
 * A accept, R reject, 1–9 relabel to class n, U clear. Every decision is written to the results
 * GeoPackage before the next key is handled ({@link ReviewModel}). EDT only.
 */
public final class ReviewPanel extends JPanel {
    private final PluginContext context;
    // state first: the table models below read it while the tables are built
    private ReviewModel model;
    private LayerInfo layer;
    private List<Feature> rows = List.of();
    private final Map<Long, Integer> rowOf = new HashMap<>();
    private final JComboBox<LayerInfo> layerBox = new JComboBox<>();
    private final JButton reload = new JButton("Reload");
    private final ClassTableModel classModel = new ClassTableModel();
    private final JTable classTable = new JTable(classModel);
    private final JSlider minConfidence = new JSlider(0, 100, 0);
    private final JLabel minConfidenceLabel = new JLabel();
    private final JComboBox<ReviewModel.StatusFilter> statusBox = new JComboBox<>(ReviewModel.StatusFilter.values());
    private final FeatureTableModel featureModel = new FeatureTableModel();
    private final JTable featureTable = new JTable(featureModel);
    private final TableRowSorter<FeatureTableModel> sorter = new TableRowSorter<>(featureModel);
    private final JLabel summary = new JLabel(" ");
    private final JLabel message = new JLabel(" ");
    private final JLabel keys = new JLabel();
    private final JCheckBox zoom = new JCheckBox("Zoom to feature", true);
    private final JCheckBox advance = new JCheckBox("Next after a decision", true);
    private final JButton accept = new JButton("Accept");
    private final JButton reject = new JButton("Reject");
    private final JButton clear = new JButton("Clear");
    private final JButton previous = new JButton("◀");
    private final JButton next = new JButton("▶");
    private final JButton export = new JButton("Export accepted…");
    private final Set<String> hiddenClasses = new LinkedHashSet<>();
    /** What an empty panel says, so that a user who opens the tab first knows where results come from. */
    static final String NOTHING_TO_REVIEW = "Pick a results layer above: the GeoPackage output of Classify Objects or"
            + " Detect Objects (any layer with a class field). Run one of them from the Deep Learning tab, or open"
            + " its output with File → Open Vector.";

    private boolean syncing;
    private boolean refilling;
    private Runnable opened = () -> { };
    /** Told the reviewed layer once the review started by {@link #review(LayerInfo, java.util.function.Consumer)} is ready. */
    private java.util.function.Consumer<LayerInfo> whenShown;

    private final LayerService.LayerListener layerListener = new LayerService.LayerListener() {
        @Override
        public void layerAdded(LayerInfo l) {
            refillLayers();
        }

        @Override
        public void layerRemoved(LayerInfo l) {
            refillLayers();
            if (l == layer) {
                close("The layer under review was removed from the map.");
            }
        }
    };
    private final SelectionService.SelectionListener selectionListener = (l, ids) -> {
        if (l == layer && ids.size() == 1 && !syncing) {
            selectFeature(ids.iterator().next(), false);
        }
    };

    public ReviewPanel(PluginContext context) {
        super(new BorderLayout());
        this.context = context;
        setName("review.panel");
        layerBox.setName("review.layer");
        reload.setName("review.reload");
        classTable.setName("review.classes");
        minConfidence.setName("review.minConfidence");
        statusBox.setName("review.status");
        featureTable.setName("review.features");
        summary.setName("review.summary");
        message.setName("review.message");
        keys.setName("review.keys");
        zoom.setName("review.zoom");
        advance.setName("review.advance");
        accept.setName("review.accept");
        reject.setName("review.reject");
        clear.setName("review.clear");
        previous.setName("review.previous");
        next.setName("review.next");
        export.setName("review.export");

        layerBox.setRenderer(new DefaultListCellRendererWithName());
        layerBox.addActionListener(e -> {
            if (!refilling) {
                LayerInfo l = (LayerInfo) layerBox.getSelectedItem();
                if (l != null && l != layer) {
                    review(l);
                }
            }
        });
        reload.setToolTipText("Read the layer and its review again from its file");
        reload.addActionListener(e -> {
            if (layer != null) {
                LayerInfo l = layer;
                close(null);
                review(l);
            }
        });

        classTable.setRowSelectionAllowed(false);
        classTable.setFillsViewportHeight(true);
        classTable.setDefaultRenderer(ClassCell.class, new ClassCellRenderer());
        classTable.getColumnModel().getColumn(0).setMaxWidth(24);
        for (int c = 2; c < classModel.getColumnCount(); c++) {
            classTable.getColumnModel().getColumn(c).setPreferredWidth(c == 2 || c == 6 ? 34 : 24);
        }
        classTable.getColumnModel().getColumn(1).setPreferredWidth(120);
        classTable.getTableHeader().setToolTipText("Total · ✓ accepted · ✎ relabelled · ✗ rejected · left to review");
        classTable.setToolTipText("Tick to show a class on the map and in the table; key n relabels to class n");

        minConfidence.setMajorTickSpacing(25);
        minConfidence.setPaintTicks(true);
        minConfidence.addChangeListener(e -> {
            minConfidenceLabel.setText("≥ " + minConfidence.getValue());
            applyFilter();
        });
        minConfidenceLabel.setText("≥ 0");
        statusBox.addActionListener(e -> applyFilter());

        featureTable.setRowSorter(sorter);
        featureTable.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        featureTable.setFillsViewportHeight(true);
        featureTable.setDefaultRenderer(ClassCell.class, new ClassCellRenderer());
        featureTable.getColumnModel().getColumn(0).setPreferredWidth(32);
        featureTable.getColumnModel().getColumn(1).setPreferredWidth(116);
        featureTable.getColumnModel().getColumn(2).setPreferredWidth(38);
        featureTable.getColumnModel().getColumn(3).setPreferredWidth(70);
        featureTable.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                currentChanged();
            }
        });
        installKeys();

        accept.setToolTipText("Accept the model's class (A)");
        reject.setToolTipText("Reject: not a real object, or not this class at all (R)");
        clear.setToolTipText("Clear the review of this feature (U)");
        previous.setToolTipText("Previous feature (Up, Left or P)");
        next.setToolTipText("Next feature (Down, Right or N)");
        accept.addActionListener(e -> decide(Kind.ACCEPT, null));
        reject.addActionListener(e -> decide(Kind.REJECT, null));
        clear.addActionListener(e -> decide(Kind.CLEAR, null));
        previous.addActionListener(e -> step(-1));
        next.addActionListener(e -> step(1));
        export.setToolTipText("Write the accepted features (with relabels applied) to a new file");
        export.addActionListener(e -> exportAccepted());
        zoom.setToolTipText("Zoom to each feature selected; off: pan only when it is out of view");

        add(buildTop(), BorderLayout.NORTH);
        JScrollPane features = new JScrollPane(featureTable);
        features.setPreferredSize(new Dimension(220, 260));
        add(features, BorderLayout.CENTER);
        add(buildBottom(), BorderLayout.SOUTH);

        context.layers().addListener(layerListener);
        context.selection().addListener(selectionListener);
        refillLayers();
        updateEnabled();
        message(NOTHING_TO_REVIEW);
    }

    private JComponent buildTop() {
        JPanel p = new JPanel(new GridBagLayout());
        p.setBorder(BorderFactory.createEmptyBorder(4, 4, 2, 4));
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 2, 2, 2);
        c.fill = GridBagConstraints.HORIZONTAL;
        c.gridy = 0;
        p.add(new JLabel("Results"), c);
        c.weightx = 1;
        p.add(layerBox, c);
        c.weightx = 0;
        p.add(reload, c);

        c.gridy = 1;
        c.gridx = 0;
        c.gridwidth = 3;
        JScrollPane classes = new JScrollPane(classTable);
        // GridBagLayout falls back to minimum sizes when the dock is narrower than preferred
        classes.setPreferredSize(new Dimension(220, 100));
        classes.setMinimumSize(new Dimension(120, 100));
        layerBox.setMinimumSize(new Dimension(60, layerBox.getPreferredSize().height));
        layerBox.setPreferredSize(new Dimension(120, layerBox.getPreferredSize().height));
        minConfidence.setMinimumSize(new Dimension(60, minConfidence.getPreferredSize().height));
        minConfidence.setPreferredSize(new Dimension(120, minConfidence.getPreferredSize().height));
        statusBox.setMinimumSize(new Dimension(60, statusBox.getPreferredSize().height));
        p.add(classes, c);

        c.gridy = 2;
        c.gridwidth = 1;
        c.gridx = 0;
        JLabel conf = new JLabel("Confidence");
        p.add(conf, c);
        c.gridx = 1;
        p.add(minConfidence, c);
        c.gridx = 2;
        p.add(minConfidenceLabel, c);

        c.gridy = 3;
        c.gridx = 0;
        p.add(new JLabel("Status"), c);
        c.gridx = 1;
        c.gridwidth = 2;
        p.add(statusBox, c);

        c.gridy = 4;
        c.gridx = 0;
        c.gridwidth = 3;
        p.add(summary, c);
        return p;
    }

    private JComponent buildBottom() {
        JPanel p = new JPanel();
        p.setLayout(new javax.swing.BoxLayout(p, javax.swing.BoxLayout.Y_AXIS));
        p.setBorder(BorderFactory.createEmptyBorder(2, 4, 4, 4));
        JPanel buttons = new JPanel();
        buttons.setLayout(new javax.swing.BoxLayout(buttons, javax.swing.BoxLayout.X_AXIS));
        for (JButton b : List.of(previous, next, accept, reject, clear)) {
            buttons.add(b);
            buttons.add(javax.swing.Box.createHorizontalStrut(2));
        }
        for (JButton b : List.of(previous, next, accept, reject, clear)) {
            b.setMargin(new Insets(2, 3, 2, 3));
        }
        JPanel options = new JPanel(new java.awt.GridLayout(0, 1));
        options.add(zoom);
        options.add(advance);
        JPanel exportRow = new JPanel(new FlowLayout(FlowLayout.LEFT, 3, 2));
        exportRow.add(export);
        keys.setText("<html><small>Keys in the table: ↓ → N next · ↑ ← P previous · A accept · R reject · "
                + "1–9 relabel to class # · U clear</small></html>");
        message.setForeground(UIManager.getColor("Label.disabledForeground"));
        for (JComponent c : List.of(buttons, options, keys, exportRow, message)) {
            c.setAlignmentX(LEFT_ALIGNMENT);
            p.add(c);
        }
        return p;
    }

    // ---------------------------------------------------------------- layers

    /** Vector layers from files (GeoPackage ones first would hide order; keep the map's order). */
    private void refillLayers() {
        refilling = true;
        try {
            layerBox.removeAllItems();
            for (LayerInfo l : context.layers().layers()) {
                if (l.kind() == LayerKind.VECTOR && l.path().isPresent()) {
                    layerBox.addItem(l);
                }
            }
            layerBox.setSelectedItem(layer);
            if (layer == null) {
                layerBox.setSelectedIndex(-1);
            }
        } finally {
            refilling = false;
        }
    }

    /**
     * Reviews the topmost layer drawn in class colours (a results layer), else the topmost vector
     * layer from a file; says so when there is none.
     */
    public void reviewTopResults() {
        LayerInfo best = null;
        for (LayerInfo l : context.layers().layers()) {
            if (l.kind() != LayerKind.VECTOR || l.path().isEmpty()) {
                continue;
            }
            boolean classes = l.currentStyle().map(s -> s.classField() != null).orElse(false);
            if (classes) {
                best = l;
                break;
            }
            if (best == null) {
                best = l;
            }
        }
        if (best == null) {
            message(NOTHING_TO_REVIEW);
            return;
        }
        if (best != layer) {
            review(best);
        }
    }

    /**
     * Starts reviewing a layer and, once it is ready, tells {@code shown} which layer of the map is
     * reviewed: {@code l}, or the file's features put in its place (see {@link #review(LayerInfo)}).
     */
    public void review(LayerInfo l, java.util.function.Consumer<LayerInfo> shown) {
        review(l);
        whenShown = shown;
    }

    /** Starts reviewing a layer: reads its file in the background, then fills the panel. */
    public void review(LayerInfo l) {
        Objects.requireNonNull(l);
        whenShown = null;
        close(null);
        layer = l;
        refillLayers();
        message("Reading " + l.name() + "…");
        Path file = l.path().orElse(null);
        if (file == null) {
            message(l.name() + " is not in a file; only results saved to a GeoPackage can be reviewed.");
            layer = null;
            return;
        }
        LayerStyle style = l.currentStyle().orElse(null);
        context.tasks().submit("Opening review of " + l.name(), p -> ReviewModel.open(file, l.name(), style))
                .result().whenComplete((m, err) -> SwingUtilities.invokeLater(() -> {
                    if (err != null) {
                        Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                                ? err.getCause() : err;
                        message(t instanceof UserException u ? u.getMessage() + " " + u.hint() : String.valueOf(t));
                        if (layer == l) {
                            layer = null;
                            refillLayers();
                        }
                        return;
                    }
                    if (layer != l) {
                        closeQuietly(m); // another layer was chosen meanwhile
                        return;
                    }
                    opened(l, m);
                }));
    }

    private void opened(LayerInfo l, ReviewModel m) {
        model = m;
        LayerInfo onMap = l;
        if (!sameFeatures(l, m)) {
            // e.g. the layer a run streamed (ids of the source objects, not of the file's rows):
            // show the file's features instead, so that map ids and file ids agree
            LayerStyle style = m.style(l.currentStyle().orElse(null));
            layer = null;
            context.layers().remove(l);
            onMap = context.layers().addFeatures(m.data(), style);
        } else {
            LayerStyle current = l.currentStyle().orElse(null);
            if (current == null || current.classField() == null) {
                context.layers().setStyle(l, m.style(current));
            } else if (current.review() == null) {
                // review decisions are drawn: rejected faded, relabelled in the new class's colour
                context.layers().setStyle(l, current.withReview(LayerStyle.Review.DEFAULT));
            }
        }
        layer = onMap;
        if (whenShown != null) {
            java.util.function.Consumer<LayerInfo> shown = whenShown;
            whenShown = null;
            shown.accept(onMap);
        }
        refillLayers();
        hiddenClasses.clear();
        minConfidence.setValue(0);
        minConfidence.setEnabled(m.hasConfidence());
        statusBox.setSelectedItem(ReviewModel.StatusFilter.ALL);
        rows = m.features();
        rowOf.clear();
        for (int i = 0; i < rows.size(); i++) {
            rowOf.put(rows.get(i).id(), i);
        }
        featureModel.fireTableDataChanged();
        classModel.fireTableDataChanged();
        applyFilter();
        updateCounts();
        updateEnabled();
        message("Reviewing " + m.table() + " of " + m.file().getFileName() + "; decisions are saved in the file ("
                + ReviewStore.STATUS_FIELD + ", " + ReviewStore.LABEL_FIELD + ").");
        if (featureTable.getRowCount() > 0) {
            int first = firstUnreviewedRow();
            featureTable.setRowSelectionInterval(first, first);
        }
        featureTable.requestFocusInWindow();
        opened.run();
    }

    private int firstUnreviewedRow() {
        for (int v = 0; v < featureTable.getRowCount(); v++) {
            long id = rows.get(featureTable.convertRowIndexToModel(v)).id();
            if (model.status(id) == ReviewModel.StatusFilter.NOT_REVIEWED) {
                return v;
            }
        }
        return 0;
    }

    /** True when the layer holds exactly the file's features under the same ids. */
    private static boolean sameFeatures(LayerInfo l, ReviewModel m) {
        FeatureCollection fc = l.features().orElse(null);
        if (fc == null || fc.size() != m.features().size()) {
            return false;
        }
        for (Feature f : fc.features()) {
            Feature g = m.feature(f.id());
            if (g == null) {
                return false;
            }
            Geometry a = f.geometry();
            Geometry b = g.geometry();
            if (a == null ? b != null : b == null || !a.equalsExact(b, 1e-9)) {
                return false;
            }
        }
        return true;
    }

    private void close(String why) {
        if (layer != null && model != null) {
            context.layers().setFilter(layer, null);
        }
        closeQuietly(model);
        model = null;
        layer = null;
        rows = List.of();
        rowOf.clear();
        featureModel.fireTableDataChanged();
        classModel.fireTableDataChanged();
        summary.setText(" ");
        updateEnabled();
        if (why != null) {
            refillLayers();
            message(why);
        }
    }

    private static void closeQuietly(ReviewModel m) {
        if (m != null) {
            try {
                m.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing left to save: every decision was written when it was made
            }
        }
    }

    /** Stops listening to the host and closes the file (when the plugin stops). */
    public void dispose() {
        close(null);
        context.layers().removeListener(layerListener);
        context.selection().removeListener(selectionListener);
    }

    // ---------------------------------------------------------------- filter

    private void applyFilter() {
        if (model == null) {
            return;
        }
        Set<String> shown = new LinkedHashSet<>(model.classes());
        shown.removeAll(hiddenClasses);
        Predicate<Feature> filter = model.filter(shown, minConfidence.isEnabled() ? minConfidence.getValue() : 0,
                (ReviewModel.StatusFilter) statusBox.getSelectedItem());
        context.layers().setFilter(layer, filter);
        Long current = currentId();
        syncing = true;
        try {
            sorter.setRowFilter(filter == null ? null : new RowFilter<FeatureTableModel, Integer>() {
                @Override
                public boolean include(Entry<? extends FeatureTableModel, ? extends Integer> entry) {
                    return filter.test(rows.get(entry.getIdentifier()));
                }
            });
        } finally {
            syncing = false;
        }
        if (current != null && rowOf.containsKey(current)) {
            int v = featureTable.convertRowIndexToView(rowOf.get(current));
            if (v >= 0) {
                syncing = true;
                try {
                    featureTable.setRowSelectionInterval(v, v);
                } finally {
                    syncing = false;
                }
            }
        }
        updateCounts();
    }

    // ---------------------------------------------------------------- current feature

    private Long currentId() {
        int v = featureTable.getSelectedRow();
        if (v < 0 || model == null) {
            return null;
        }
        return rows.get(featureTable.convertRowIndexToModel(v)).id();
    }

    private void currentChanged() {
        updateEnabled();
        Long id = currentId();
        if (id == null || syncing) {
            return;
        }
        syncing = true;
        try {
            context.selection().select(layer, Set.of(id));
        } finally {
            syncing = false;
        }
        context.map().showFeature(layer, id, zoom.isSelected());
    }

    /** Selects a feature's row (from the map); says so when the filters hide it. */
    private void selectFeature(long id, boolean show) {
        Integer m = rowOf.get(id);
        if (m == null) {
            return;
        }
        int v = featureTable.convertRowIndexToView(m);
        if (v < 0) {
            message("Feature " + id + " is hidden by the filters.");
            return;
        }
        syncing = !show;
        try {
            featureTable.setRowSelectionInterval(v, v);
            featureTable.scrollRectToVisible(featureTable.getCellRect(v, 0, true));
        } finally {
            syncing = false;
        }
        updateEnabled();
    }

    /** Moves the selection by one row of the table as sorted and filtered. */
    void step(int delta) {
        int n = featureTable.getRowCount();
        if (n == 0) {
            return;
        }
        int v = featureTable.getSelectedRow();
        int to = v < 0 ? (delta > 0 ? 0 : n - 1) : Math.max(0, Math.min(n - 1, v + delta));
        if (to == v) {
            message(delta > 0 ? "That was the last feature shown." : "That is the first feature shown.");
            return;
        }
        featureTable.setRowSelectionInterval(to, to);
        featureTable.scrollRectToVisible(featureTable.getCellRect(to, 0, true));
    }

    private enum Kind { ACCEPT, REJECT, RELABEL, CLEAR }

    /** Decides on the current feature, saves it in the file, and moves on. */
    void decide(Kind kind, String cls) {
        Long id = currentId();
        if (id == null || model == null) {
            return;
        }
        int v = featureTable.getSelectedRow();
        Long nextId = null;
        if (v + 1 < featureTable.getRowCount()) {
            nextId = rows.get(featureTable.convertRowIndexToModel(v + 1)).id();
        }
        Feature updated;
        try {
            updated = switch (kind) {
                case ACCEPT -> model.accept(id);
                case REJECT -> model.reject(id);
                case RELABEL -> model.relabel(id, cls);
                case CLEAR -> model.clear(id);
            };
        } catch (IOException | RuntimeException e) {
            message(e instanceof UserException u ? u.getMessage() + " " + u.hint() : "Not saved: " + e.getMessage());
            context.notifications().error("The review decision could not be saved", e);
            return;
        }
        context.layers().updateFeatures(layer, List.of(updated));
        int m = rowOf.get(id);
        syncing = true;
        try {
            featureModel.fireTableRowsUpdated(m, m);
        } finally {
            syncing = false;
        }
        classModel.fireTableDataChanged();
        updateCounts();
        String what = switch (kind) {
            case ACCEPT -> "accepted";
            case REJECT -> "rejected";
            case RELABEL -> model.decision(id).label() == null ? "accepted" : "relabelled " + cls;
            case CLEAR -> "cleared";
        };
        message("Feature " + id + " " + what + " (saved).");
        int now = featureTable.convertRowIndexToView(m);
        boolean move = advance.isSelected() && kind != Kind.CLEAR;
        if (move && nextId != null && featureTable.convertRowIndexToView(rowOf.get(nextId)) >= 0) {
            selectFeature(nextId, true);
        } else if (now < 0) {
            // the filter hides the feature now: stay at the same place in the list
            int to = Math.min(v, featureTable.getRowCount() - 1);
            if (to >= 0) {
                featureTable.setRowSelectionInterval(to, to);
            }
        } else {
            updateEnabled();
        }
    }

    private void installKeys() {
        InputMap in = featureTable.getInputMap(JComponent.WHEN_FOCUSED);
        bind(in, "review.next", () -> step(1), KeyEvent.VK_DOWN, KeyEvent.VK_RIGHT, KeyEvent.VK_N);
        bind(in, "review.previous", () -> step(-1), KeyEvent.VK_UP, KeyEvent.VK_LEFT, KeyEvent.VK_P);
        bind(in, "review.accept", () -> decide(Kind.ACCEPT, null), KeyEvent.VK_A);
        bind(in, "review.reject", () -> decide(Kind.REJECT, null), KeyEvent.VK_R);
        bind(in, "review.clear", () -> decide(Kind.CLEAR, null), KeyEvent.VK_U);
        for (int k = 1; k <= 9; k++) {
            int n = k;
            bind(in, "review.relabel" + k, () -> relabelTo(n), KeyEvent.VK_0 + k, KeyEvent.VK_NUMPAD0 + k);
        }
    }

    private void bind(InputMap in, String name, Runnable r, int... codes) {
        for (int code : codes) {
            in.put(KeyStroke.getKeyStroke(code, 0), name);
        }
        featureTable.getActionMap().put(name, new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                r.run();
            }
        });
    }

    private void relabelTo(int n) {
        if (model == null) {
            return;
        }
        List<String> classes = relabelClasses();
        if (n > classes.size()) {
            message("There is no class " + n + "; this layer has " + classes.size() + ".");
            return;
        }
        decide(Kind.RELABEL, classes.get(n - 1));
    }

    /** The classes number keys relabel to (the model's, without the no-class bucket). */
    private List<String> relabelClasses() {
        return model.classes().stream().filter(c -> !c.equals(ReviewModel.NO_CLASS)).toList();
    }

    // ---------------------------------------------------------------- export

    private void exportAccepted() {
        if (model == null) {
            return;
        }
        ReviewModel m = model;
        long accepted = m.counts().values().stream().mapToLong(c -> c.accepted() + c.relabelled()).sum();
        if (accepted == 0) {
            message("No feature is accepted yet; nothing to export.");
            return;
        }
        JFileChooser fc = new JFileChooser(m.file().toAbsolutePath().getParent().toFile());
        fc.setName("review.exportChooser");
        fc.setDialogTitle("Export accepted features");
        fc.setSelectedFile(m.file().resolveSibling(m.table() + "_accepted.gpkg").toFile());
        if (fc.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path out = fc.getSelectedFile().toPath();
        if (!out.getFileName().toString().contains(".")) {
            out = out.resolveSibling(out.getFileName() + ".gpkg");
        }
        WriteMode mode = WriteMode.CREATE;
        if (Files.exists(out)) {
            int answer = JOptionPane.showConfirmDialog(this, out.getFileName() + " exists. Replace it?",
                    "Export accepted features", JOptionPane.OK_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE);
            if (answer != JOptionPane.OK_OPTION) {
                return;
            }
            mode = WriteMode.OVERWRITE;
        }
        exportTo(out, mode);
    }

    /** Writes the accepted features to {@code out} in the background; the future completes with the count. */
    public java.util.concurrent.CompletableFuture<Long> exportTo(Path out, WriteMode mode) {
        ReviewModel m = model;
        if (m == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("nothing under review"));
        }
        message("Exporting accepted features to " + out.getFileName() + "…");
        java.util.concurrent.CompletableFuture<Long> done = context.tasks()
                .submit("Exporting accepted features", p -> m.exportAccepted(out, mode)).result();
        done.whenComplete((n, err) -> SwingUtilities.invokeLater(() -> {
            if (err != null) {
                Throwable t = err.getCause() != null && !(err instanceof UserException) ? err.getCause() : err;
                message(t instanceof UserException u ? u.getMessage() + " " + u.hint() : "Export failed: " + t);
            } else {
                message("Exported " + n + " accepted features to " + out + ".");
                context.notifications().info("Exported " + n + " accepted features to " + out);
            }
        }));
        return done;
    }

    // ---------------------------------------------------------------- display

    private void updateCounts() {
        if (model == null) {
            summary.setText(" ");
            return;
        }
        int total = 0, acc = 0, rel = 0, rej = 0;
        for (ReviewModel.Counts c : model.counts().values()) {
            total += c.total();
            acc += c.accepted();
            rel += c.relabelled();
            rej += c.rejected();
        }
        int reviewed = acc + rel + rej;
        summary.setText(String.format("<html><b>%d of %d reviewed</b> (%d%%) · %d accepted · %d relabelled · "
                        + "%d rejected · %d shown</html>", reviewed, total, total == 0 ? 0 : Math.round(100.0 * reviewed / total),
                acc, rel, rej, featureTable.getRowCount()));
        classModel.fireTableRowsUpdated(0, Math.max(0, classModel.getRowCount() - 1));
    }

    private void updateEnabled() {
        boolean on = model != null;
        boolean row = on && featureTable.getSelectedRow() >= 0;
        for (JComponent c : List.of(accept, reject, clear, previous, next)) {
            c.setEnabled(row);
        }
        export.setEnabled(on);
        reload.setEnabled(layer != null);
        statusBox.setEnabled(on);
        classTable.setEnabled(on);
    }

    private void message(String text) {
        message.setText(text == null || text.isEmpty() ? " "
                : "<html><div style='width:210px'>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</div></html>");
        message.setToolTipText(text);
    }

    // ---------------------------------------------------------------- for tests

    /** The layer under review (null when none). */
    public LayerInfo layer() {
        return layer;
    }

    ReviewModel model() {
        return model;
    }

    JTable featureTable() {
        return featureTable;
    }

    JTable classTable() {
        return classTable;
    }

    JSlider minConfidence() {
        return minConfidence;
    }

    JLabel summary() {
        return summary;
    }

    JLabel messageLabel() {
        return message;
    }

    /** Called on the EDT each time a layer is ready for review (for tests). */
    void onOpened(Runnable r) {
        opened = r;
    }

    /** Shows or hides a class (as its check box does). */
    void showClass(String cls, boolean show) {
        if (show) {
            hiddenClasses.remove(cls);
        } else {
            hiddenClasses.add(cls);
        }
        classModel.fireTableDataChanged();
        applyFilter();
    }

    // ---------------------------------------------------------------- table models

    /** A class name with its colour, for the renderers. */
    record ClassCell(String name, Color color, String note) {
        @Override
        public String toString() {
            return note == null ? name : name + note;
        }
    }

    private final class ClassTableModel extends AbstractTableModel {
        private final String[] names = {"", "Key · class", "All", "✓", "✎", "✗", "Left"};

        @Override
        public int getRowCount() {
            return model == null ? 0 : model.classes().size();
        }

        @Override
        public int getColumnCount() {
            return names.length;
        }

        @Override
        public String getColumnName(int c) {
            return names[c];
        }

        @Override
        public Class<?> getColumnClass(int c) {
            return switch (c) {
                case 0 -> Boolean.class;
                case 1 -> ClassCell.class;
                default -> Integer.class;
            };
        }

        @Override
        public boolean isCellEditable(int r, int c) {
            return c == 0;
        }

        @Override
        public Object getValueAt(int r, int c) {
            String cls = model.classes().get(r);
            ReviewModel.Counts n = model.counts().getOrDefault(cls, new ReviewModel.Counts(0, 0, 0, 0));
            List<String> keyed = relabelClasses();
            int key = keyed.indexOf(cls);
            return switch (c) {
                case 0 -> !hiddenClasses.contains(cls);
                case 1 -> new ClassCell((key >= 0 && key < 9 ? (key + 1) + "  " : "    ") + cls, model.color(cls), null);
                case 2 -> n.total();
                case 3 -> n.accepted();
                case 4 -> n.relabelled();
                case 5 -> n.rejected();
                default -> n.remaining();
            };
        }

        @Override
        public void setValueAt(Object value, int r, int c) {
            if (c == 0 && model != null) {
                showClass(model.classes().get(r), Boolean.TRUE.equals(value));
            }
        }
    }

    private final class FeatureTableModel extends AbstractTableModel {
        private final String[] names = {"Id", "Class", "Conf.", "Review"};

        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return names.length;
        }

        @Override
        public String getColumnName(int c) {
            return names[c];
        }

        @Override
        public Class<?> getColumnClass(int c) {
            return switch (c) {
                case 0 -> Long.class;
                case 1 -> ClassCell.class;
                case 2 -> Double.class;
                default -> String.class;
            };
        }

        @Override
        public Object getValueAt(int r, int c) {
            Feature f = rows.get(r);
            return switch (c) {
                case 0 -> f.id();
                case 1 -> {
                    String cls = model.modelClass(f);
                    String label = model.decision(f.id()).label();
                    yield new ClassCell(cls, model.color(cls), label == null ? null : " → " + label);
                }
                case 2 -> {
                    double conf = model.confidence(f);
                    yield Double.isNaN(conf) ? null : Math.round(conf * 10) / 10.0;
                }
                default -> switch (model.status(f.id())) {
                    case ACCEPTED -> "accepted";
                    case RELABELLED -> "relabelled";
                    case REJECTED -> "rejected";
                    default -> "";
                };
            };
        }
    }

    /** Draws a class with its colour swatch. */
    private static final class ClassCellRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable table, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(table, value, selected, focus, row, column);
            if (value instanceof ClassCell cc) {
                setIcon(new SwatchIcon(cc.color()));
                setText(cc.toString());
            } else {
                setIcon(null);
            }
            return this;
        }
    }

    private record SwatchIcon(Color color) implements Icon {
        @Override
        public void paintIcon(Component c, Graphics g, int x, int y) {
            g.setColor(color);
            g.fillRect(x, y + 1, 12, 12);
            g.setColor(color.darker());
            g.drawRect(x, y + 1, 11, 11);
        }

        @Override
        public int getIconWidth() {
            return 12;
        }

        @Override
        public int getIconHeight() {
            return 14;
        }
    }

    private static final class DefaultListCellRendererWithName extends javax.swing.DefaultListCellRenderer {
        @Override
        public Component getListCellRendererComponent(javax.swing.JList<?> list, Object value, int index,
                                                      boolean selected, boolean focus) {
            super.getListCellRendererComponent(list, value, index, selected, focus);
            if (value instanceof LayerInfo l) {
                setText(l.name() + l.path().map(p -> "  (" + p.getFileName() + ")").orElse(""));
            }
            return this;
        }
    }
}
