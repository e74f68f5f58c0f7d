package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSlider;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.ReviewStore;
import org.deepraster.feature.WriteMode;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.SelectionService;
import org.deepraster.util.UserException;

/**
 * Reviewing a results layer (the docked "Review" panel): pick a layer ({@link ReviewLayers}); its
 * classes with their colours, number keys, counts (accepted / relabelled / rejected / left) and a
 * check box each to show or hide them ({@link ReviewClassList}); a minimum confidence and a
 * review-status filter ({@link ReviewFilters}); and a table of the features shown ({@link ReviewFeatureTable}). The map
 * follows the filters live (through {@link LayerService#setFilter}), and the selection both ways:
 * a row selected zooms to and flashes its feature; a feature picked on the map (identify) selects
 * its row. Keys in the table: Down/Right/N next, Up/Left/P previous, A accept, R reject, 1–9
 * relabel to class n, U clear. Every decision is written to the results GeoPackage before the
 * next key is handled ({@link ReviewModel}); accepted features are exported with
 * {@link ReviewExport}. EDT only.
 */
public final class ReviewPanel extends JPanel {
    private final PluginContext context;
    private ReviewModel model;
    private LayerInfo layer;
    private final ReviewLayers layers;
    private final JButton reload = new JButton("Reload");
    private final ReviewClassList classes = new ReviewClassList(this::applyFilter);
    private final ReviewFilters filters = new ReviewFilters(this::applyFilter);
    private final ReviewFeatureTable features = new ReviewFeatureTable();
    private final JTable featureTable = features.table();
    private final JLabel summary = new JLabel(" ");
    private final ReviewControls controls;
    private final ReviewExport exporter;
    /** What an empty panel says, so that a user who opens the tab first knows where results come from. */
    static final String NOTHING_TO_REVIEW = "Pick a results layer above: the GeoPackage output of Classify Objects or"
            + " Detect Objects (any layer with a class field). Run one of them from the Deep Learning tab, or open"
            + " its output with File → Open Vector.";

    private boolean syncing;
    private Runnable opened = () -> { };
    /** Told the reviewed layer once the review started by {@link #review(LayerInfo, Consumer)} is ready. */
    private Consumer<LayerInfo> whenShown;

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
        this.layers = new ReviewLayers(context.layers(), l -> {
            if (l != layer) {
                review(l);
            }
        });
        this.exporter = new ReviewExport(context, this, this::message);
        this.controls = new ReviewControls(new ReviewControls.Actions(() -> step(-1), () -> step(1),
                () -> decide(Kind.ACCEPT, null), () -> decide(Kind.REJECT, null), () -> decide(Kind.CLEAR, null),
                () -> {
                    if (model != null) {
                        exporter.askAndExport(model);
                    }
                }));
        setName("review.panel");
        reload.setName("review.reload");
        summary.setName("review.summary");

        reload.setToolTipText("Read the layer and its review again from its file");
        reload.addActionListener(e -> {
            if (layer != null) {
                LayerInfo l = layer;
                close(null);
                review(l);
            }
        });


        featureTable.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                currentChanged();
            }
        });
        installKeys();


        add(buildTop(), BorderLayout.NORTH);
        JScrollPane featureScroll = new JScrollPane(featureTable);
        featureScroll.setPreferredSize(new Dimension(220, 260));
        add(featureScroll, BorderLayout.CENTER);
        add(controls.component(), BorderLayout.SOUTH);

        context.layers().addListener(layerListener);
        context.selection().addListener(selectionListener);
        refillLayers();
        updateEnabled();
        message(NOTHING_TO_REVIEW);
    }

    private JComponent buildTop() {
        JComboBox<LayerInfo> layerBox = layers.box();
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
        JScrollPane classScroll = new JScrollPane(classes.table());
        // GridBagLayout falls back to minimum sizes when the dock is narrower than preferred
        classScroll.setPreferredSize(new Dimension(220, 100));
        classScroll.setMinimumSize(new Dimension(120, 100));
        layerBox.setMinimumSize(new Dimension(60, layerBox.getPreferredSize().height));
        layerBox.setPreferredSize(new Dimension(120, layerBox.getPreferredSize().height));
        p.add(classScroll, c);

        filters.addRows(p, c, 2);

        c.gridy = 4;
        c.gridx = 0;
        c.gridwidth = 3;
        p.add(summary, c);
        return p;
    }

    // ---------------------------------------------------------------- layers

    private void refillLayers() {
        layers.refill(layer);
    }

    /**
     * Reviews the topmost layer drawn in class colours (a results layer), else the topmost vector
     * layer from a file; says so when there is none.
     */
    public void reviewTopResults() {
        LayerInfo best = layers.topResults();
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
    public void review(LayerInfo l, Consumer<LayerInfo> shown) {
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
                        Throwable t = err instanceof CompletionException && err.getCause() != null
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
        layer = null; // not under review while it is restyled or replaced: removing it must not close the review
        LayerInfo onMap = layers.show(l, m);
        layer = onMap;
        if (whenShown != null) {
            Consumer<LayerInfo> shown = whenShown;
            whenShown = null;
            shown.accept(onMap);
        }
        refillLayers();
        classes.show(m);
        filters.reset(m);
        features.show(m);
        applyFilter();
        updateCounts();
        updateEnabled();
        message("Reviewing " + m.table() + " of " + m.file().getFileName() + "; decisions are saved in the file ("
                + ReviewStore.STATUS_FIELD + ", " + ReviewStore.LABEL_FIELD + ").");
        if (featureTable.getRowCount() > 0) {
            int first = features.firstUnreviewedRow();
            featureTable.setRowSelectionInterval(first, first);
        }
        featureTable.requestFocusInWindow();
        opened.run();
    }

    private void close(String why) {
        if (layer != null && model != null) {
            context.layers().setFilter(layer, null);
        }
        closeQuietly(model);
        model = null;
        layer = null;
        features.show(null);
        classes.show(null);
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
        Predicate<Feature> filter = filters.filter(model, classes.shownClasses());
        context.layers().setFilter(layer, filter);
        Long current = features.currentId();
        syncing = true;
        try {
            features.setFilter(filter);
        } finally {
            syncing = false;
        }
        if (current != null && features.holds(current)) {
            int v = features.viewRowOf(current);
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

    private void currentChanged() {
        updateEnabled();
        Long id = features.currentId();
        if (id == null || syncing) {
            return;
        }
        syncing = true;
        try {
            context.selection().select(layer, Set.of(id));
        } finally {
            syncing = false;
        }
        context.map().showFeature(layer, id, controls.zoom());
    }

    /** Selects a feature's row (from the map); says so when the filters hide it. */
    private void selectFeature(long id, boolean show) {
        if (!features.holds(id)) {
            return;
        }
        int v = features.viewRowOf(id);
        if (v < 0) {
            message("Feature " + id + " is hidden by the filters.");
            return;
        }
        syncing = !show;
        try {
            features.select(v);
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
        features.select(to);
    }

    private enum Kind { ACCEPT, REJECT, RELABEL, CLEAR }

    /** Decides on the current feature, saves it in the file, and moves on. */
    void decide(Kind kind, String cls) {
        Long id = features.currentId();
        if (id == null || model == null) {
            return;
        }
        int v = featureTable.getSelectedRow();
        Long nextId = v + 1 < featureTable.getRowCount() ? features.idAt(v + 1) : null;
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
        syncing = true;
        try {
            features.decided(id);
        } finally {
            syncing = false;
        }
        classes.decided();
        updateCounts();
        String what = switch (kind) {
            case ACCEPT -> "accepted";
            case REJECT -> "rejected";
            case RELABEL -> model.decision(id).label() == null ? "accepted" : "relabelled " + cls;
            case CLEAR -> "cleared";
        };
        message("Feature " + id + " " + what + " (saved).");
        int now = features.viewRowOf(id);
        boolean move = controls.advance() && kind != Kind.CLEAR;
        if (move && nextId != null && features.viewRowOf(nextId) >= 0) {
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
        features.bind("review.next", () -> step(1), KeyEvent.VK_DOWN, KeyEvent.VK_RIGHT, KeyEvent.VK_N);
        features.bind("review.previous", () -> step(-1), KeyEvent.VK_UP, KeyEvent.VK_LEFT, KeyEvent.VK_P);
        features.bind("review.accept", () -> decide(Kind.ACCEPT, null), KeyEvent.VK_A);
        features.bind("review.reject", () -> decide(Kind.REJECT, null), KeyEvent.VK_R);
        features.bind("review.clear", () -> decide(Kind.CLEAR, null), KeyEvent.VK_U);
        for (int k = 1; k <= 9; k++) {
            int n = k;
            features.bind("review.relabel" + k, () -> relabelTo(n), KeyEvent.VK_0 + k, KeyEvent.VK_NUMPAD0 + k);
        }
    }

    private void relabelTo(int n) {
        if (model == null) {
            return;
        }
        List<String> keyed = model.keyedClasses();
        if (n > keyed.size()) {
            message("There is no class " + n + "; this layer has " + keyed.size() + ".");
            return;
        }
        decide(Kind.RELABEL, keyed.get(n - 1));
    }

    /** Writes the accepted features to {@code out} in the background; the future completes with the count. */
    public CompletableFuture<Long> exportTo(Path out, WriteMode mode) {
        ReviewModel m = model;
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("nothing under review"));
        }
        return exporter.exportTo(m, out, mode);
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
        classes.countsChanged();
    }

    private void updateEnabled() {
        boolean on = model != null;
        boolean row = on && featureTable.getSelectedRow() >= 0;
        controls.setEnabled(on, row);
        reload.setEnabled(layer != null);
        filters.setEnabled(on);
        classes.table().setEnabled(on);
    }

    private void message(String text) {
        controls.message(text);
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
        return classes.table();
    }

    JSlider minConfidence() {
        return filters.minConfidence();
    }

    JLabel summary() {
        return summary;
    }

    JLabel messageLabel() {
        return controls.messageLabel();
    }

    /** Called on the EDT each time a layer is ready for review (for tests). */
    void onOpened(Runnable r) {
        opened = r;
    }

    /** Shows or hides a class (as its check box does). */
    void showClass(String cls, boolean show) {
        classes.showClass(cls, show);
    }
}
