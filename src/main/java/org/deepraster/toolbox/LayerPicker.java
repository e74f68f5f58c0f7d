package org.deepraster.toolbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.SwingUtilities;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.GeometryKind;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.tool.FeatureInput;

/**
 * A vector input of a tool dialog: a combo of the map's vector layers (that pass a filter, e.g.
 * polygons only for a mask) plus files chosen with Browse…, optionally headed by a "none" entry, and
 * the Browse… button. A chosen map layer stays selected by name when the map's layers change (its
 * features object is replaced when the layer changes); files the user browsed to are kept. When
 * nothing was selected yet, {@code propose} picks the initial entry from the map's layers (top
 * first), e.g. {@link #bottomMostPolygons}. With {@link #includeRasters} it also lists raster layers
 * that pass a filter (labels given as a classified raster). Component names: {@code <name>},
 * {@code <name>.browse}, {@code <name>.chooser}. EDT only.
 */
public final class LayerPicker {

    /**
     * An entry: none ({@code input} and {@code raster} null), a map layer, or a file ("File: …");
     * {@code raster} is the file of a raster entry (then {@code input} is null).
     */
    public record Choice(String label, FeatureInput input, Path raster) {
        public Choice(String label, FeatureInput input) {
            this(label, input, null);
        }

        @Override
        public String toString() {
            return label;
        }

        /** The features of a map layer entry, or null. */
        public FeatureCollection features() {
            return input instanceof FeatureInput.Layer l ? l.features() : null;
        }

        /** The file this entry reads (a map layer's source file; null for none or a layer held only in memory). */
        public Path file() {
            if (raster != null) {
                return raster;
            }
            if (input instanceof FeatureInput.File f) {
                return f.path();
            }
            return input instanceof FeatureInput.Layer l ? l.features().source() : null;
        }

        /** The GeoPackage table of this entry (a map layer's name in its file; null: the file's first). */
        public String table() {
            if (input instanceof FeatureInput.File f) {
                return f.layer();
            }
            return input instanceof FeatureInput.Layer l ? l.features().schema().name() : null;
        }
    }

    private final JComboBox<Choice> combo = new JComboBox<>();
    private final JButton browse = new JButton("Browse…");
    private final String noneLabel;
    private final Predicate<FeatureCollection> filter;
    private final Function<List<Choice>, Choice> propose;
    private java.util.function.Consumer<Path> onBrowse = this::choose;
    /** Which raster layers are listed too (null: none). */
    private Predicate<org.deepraster.raster.RasterSource> rasters;

    /**
     * @param name      the combo's component name
     * @param noneLabel the first entry, meaning "none" (null: no such entry)
     * @param filter    which map layers are listed
     * @param propose   the initial entry from the listed map layers, top first (may return null)
     */
    public LayerPicker(String name, String noneLabel, Predicate<FeatureCollection> filter,
                       Function<List<Choice>, Choice> propose) {
        this.noneLabel = noneLabel;
        this.filter = filter;
        this.propose = propose;
        combo.setName(name);
        combo.setPrototypeDisplayValue(new Choice("x".repeat(36), null));
        browse.setName(name + ".browse");
        browse.setToolTipText("A GeoPackage, Shapefile or GeoJSON file");
        browse.addActionListener(e -> browse(name));
    }

    /** Lists the raster layers (from files) that pass {@code filter} too, below the vector layers. */
    public LayerPicker includeRasters(Predicate<org.deepraster.raster.RasterSource> filter) {
        this.rasters = filter;
        return this;
    }

    /** Polygon layers only (masks). */
    public static boolean polygons(FeatureCollection c) {
        return c.schema().geometryKind() == GeometryKind.POLYGON;
    }

    /** The bottom-most polygon layer (footprints, usually opened before what is drawn over them), else the bottom-most layer. */
    public static Choice bottomMostPolygons(List<Choice> topDown) {
        List<Choice> bottomUp = new ArrayList<>(topDown);
        java.util.Collections.reverse(bottomUp);
        return bottomUp.stream().filter(c -> polygons(c.features())).findFirst()
                .orElse(bottomUp.isEmpty() ? null : bottomUp.get(0));
    }

    public JComboBox<Choice> combo() {
        return combo;
    }

    public JButton browseButton() {
        return browse;
    }

    /** The selected entry (null when the combo is empty). */
    public Choice selected() {
        return (Choice) combo.getSelectedItem();
    }

    /** The selected input, or null for none. */
    public FeatureInput input() {
        Choice c = selected();
        return c == null ? null : c.input();
    }

    /**
     * The chosen entry's file as a command line names it (what {@code --mask} takes): its path,
     * {@code <label>} for a map layer held only in memory, null for none.
     */
    public String commandLineFile() {
        Choice c = selected();
        if (c == null || c.input() == null) {
            return null;
        }
        return c.file() != null ? c.file().toString() : "<" + c.label() + ">";
    }

    /**
     * The chosen polygons as {@link EnvironmentsPanel#environments} takes a mask: null for none; else
     * what gives the features (the map layer's, or read from the file browsed to) when {@code read},
     * or gives null when not (a preview names the file instead of reading it).
     */
    public java.util.function.Supplier<FeatureCollection> mask(boolean read) {
        Choice m = selected();
        return m == null || m.input() == null ? null : () -> read ? features(m) : null;
    }

    /** The features of a mask entry: the map layer's, or read from the file browsed to. */
    private static FeatureCollection features(Choice m) {
        if (m.features() != null) {
            return m.features();
        }
        try {
            return org.deepraster.feature.VectorFiles.open(m.file()).get(0);
        } catch (java.io.IOException | RuntimeException e) {
            throw new org.deepraster.util.UserException("Could not read the mask " + m.file() + ": " + e.getMessage(),
                    "Choose a GeoPackage, Shapefile or GeoJSON file of polygons.");
        }
    }

    public void setEnabled(boolean enabled) {
        combo.setEnabled(enabled);
        browse.setEnabled(enabled);
    }

    /** Reloads the map's vector layers, keeping browsed files and the selection (by name). */
    public void refresh(List<LayerInfo> layers) {
        Choice sel = selected();
        List<Choice> fs = new ArrayList<>();
        if (noneLabel != null) {
            fs.add(new Choice(noneLabel, null));
        }
        List<Choice> listed = mapChoices(layers, filter, rasters);
        List<Choice> mapLayers = listed.stream().filter(c -> c.input() != null).toList();
        fs.addAll(listed);
        for (int i = 0; i < combo.getItemCount(); i++) {
            Choice c = combo.getItemAt(i);
            if (c.label().startsWith("File: ") && !fs.contains(c)) {
                fs.add(c);
            }
        }
        Choice keep = null;
        for (Choice c : fs) {
            if (sel != null && c.label().equals(sel.label())) {
                keep = c;
            }
        }
        combo.setModel(new DefaultComboBoxModel<>(fs.toArray(Choice[]::new)));
        if (keep != null) {
            combo.setSelectedItem(keep);
        } else if (sel == null || noneLabel == null) {
            Choice p = propose.apply(mapLayers);
            if (p != null) {
                combo.setSelectedItem(p);
            }
        }
    }

    /**
     * The map's layers as entries, top first: the vector layers that pass {@code filter}, then the
     * raster layers from files that pass {@code rasters} (null: none).
     */
    public static List<Choice> mapChoices(List<LayerInfo> layers, Predicate<FeatureCollection> filter,
                                          Predicate<org.deepraster.raster.RasterSource> rasters) {
        List<Choice> out = new ArrayList<>();
        for (LayerInfo l : layers) {
            if (l.kind() == LayerKind.VECTOR && l.features().isPresent() && filter.test(l.features().get())) {
                out.add(new Choice(l.name(), new FeatureInput.Layer(l.features().get())));
            }
        }
        if (rasters != null) {
            for (LayerInfo l : layers) {
                if (l.kind() == LayerKind.RASTER && l.path().isPresent() && l.raster().isPresent()
                        && rasters.test(l.raster().get())) {
                    out.add(new Choice(l.name(), null, l.path().get()));
                }
            }
        }
        return out;
    }

    /** The entry of a file: a raster (when {@code rasters}) or a vector file ("File: …"). */
    public static Choice fileChoice(Path file, boolean rasters) {
        return rasters && org.deepraster.raster.RasterFiles.isRaster(file) ? new Choice("File: " + file, null, file)
                : new Choice("File: " + file, FeatureInput.file(file));
    }

    /** Adds and selects a vector file, or a raster file when rasters are listed (as Browse… does). */
    public void choose(Path file) {
        Choice c = fileChoice(file, rasters != null);
        ((DefaultComboBoxModel<Choice>) combo.getModel()).addElement(c);
        combo.setSelectedItem(c);
    }

    /** Selects an entry by its label. */
    public void select(String label) {
        for (int i = 0; i < combo.getItemCount(); i++) {
            if (combo.getItemAt(i).label().equals(label)) {
                combo.setSelectedIndex(i);
                return;
            }
        }
        throw new IllegalArgumentException("no layer " + label);
    }

    private void browse(String name) {
        Choice sel = selected();
        Path start = sel == null ? null : sel.file();
        java.io.File folder = RasterPicker.folderOf(start == null ? List.of() : List.of(start));
        JFileChooser ch = new JFileChooser(folder != null ? folder : org.deepraster.toolbox.form.UserMemory.get().folder("vector"));
        ch.setName(name + ".chooser");
        ch.setFileFilter(new FileNameExtensionFilter("Features (*.gpkg, *.shp, *.geojson, *.json)", "gpkg", "shp",
                "geojson", "json"));
        if (ch.showOpenDialog(SwingUtilities.getWindowAncestor(combo)) == JFileChooser.APPROVE_OPTION) {
            org.deepraster.toolbox.form.UserMemory.get().folderUsed("vector", ch.getSelectedFile().toPath());
            onBrowse.accept(ch.getSelectedFile().toPath());
        }
    }

    /** What Browse… does with the chosen file (by default {@link #choose}; e.g. open it on the map instead). */
    public void setOnBrowse(java.util.function.Consumer<Path> onBrowse) {
        this.onBrowse = onBrowse;
    }
}
