package org.deepraster.toolbox;

import java.awt.Component;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.util.UserException;

/**
 * The input raster of a tool dialog: a combo of the map's raster layers (those opened from a file)
 * plus what the user chose with Browse…, and the Browse… button. With {@code several} the chooser
 * takes several files (a mosaic) or a folder of images, otherwise one raster file. Entries the user
 * browsed to survive {@link #refresh}; the selection is kept. Component names:
 * {@code <prefix>.raster}, {@code <prefix>.raster.browse}, {@code <prefix>.raster.chooser}. EDT only.
 */
public final class RasterPicker {

    /** An entry: a map layer's file, or the files/folders the user browsed to ("File: …"). */
    public record Choice(String label, List<Path> paths) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final JComboBox<Choice> combo = new JComboBox<>();
    private final JButton browse = new JButton("Browse…");
    private final boolean several;
    private final String prefix;

    public RasterPicker(String prefix, boolean several) {
        this.prefix = prefix;
        this.several = several;
        combo.setName(prefix + ".raster");
        combo.setRenderer(new DefaultListCellRenderer());
        combo.setPrototypeDisplayValue(new Choice("x".repeat(36), List.of()));
        browse.setName(prefix + ".raster.browse");
        browse.setToolTipText(several ? "A raster file, several rasters (a mosaic), or a folder of images"
                : "A raster file (GeoTIFF)");
        browse.addActionListener(e -> browse());
    }

    public JComboBox<Choice> combo() {
        return combo;
    }

    public JButton browseButton() {
        return browse;
    }

    /** The selected entry, or null. */
    public Choice selected() {
        return (Choice) combo.getSelectedItem();
    }

    /** The selected files (empty when none). */
    public List<Path> paths() {
        Choice c = selected();
        return c == null ? List.of() : c.paths();
    }

    /** The first selected file, or null when none is chosen. */
    public Path first() {
        List<Path> ps = paths();
        return ps.isEmpty() ? null : ps.get(0);
    }

    /** The one selected raster file; a {@link UserException} when none is chosen. */
    public Path single() {
        List<Path> ps = paths();
        if (ps.isEmpty()) {
            throw new UserException("No input raster chosen.",
                    "Open a raster on the map and pick it, or use Browse… to choose a raster file.");
        }
        return ps.get(0);
    }

    /** Whether the selection is several rasters or a folder. */
    public boolean isSeveral() {
        Choice c = selected();
        return c != null && (c.paths().size() > 1 || c.paths().stream().anyMatch(Files::isDirectory));
    }

    public void setEnabled(boolean enabled) {
        combo.setEnabled(enabled);
        browse.setEnabled(enabled);
    }

    /** Reloads the map's raster layers, keeping browsed entries and the selection. */
    public void refresh(List<LayerInfo> layers) {
        Choice sel = selected();
        List<Choice> rs = new ArrayList<>();
        for (LayerInfo l : layers) {
            if (l.kind() == LayerKind.RASTER && l.path().isPresent()) {
                rs.add(new Choice(l.name(), List.of(l.path().get())));
            }
        }
        for (int i = 0; i < combo.getItemCount(); i++) {
            Choice c = combo.getItemAt(i);
            if (c.label().startsWith("File: ") && !rs.contains(c)) {
                rs.add(c);
            }
        }
        combo.setModel(new DefaultComboBoxModel<>(rs.toArray(Choice[]::new)));
        if (sel != null && rs.contains(sel)) {
            combo.setSelectedItem(sel);
        } else {
            LayerInfo imagery = preferredInput(layers);
            if (imagery != null) {
                combo.setSelectedItem(new Choice(imagery.name(), List.of(imagery.path().get())));
            }
        }
    }

    /**
     * The raster a tool proposes as its input: the topmost visible imagery, not a classified raster (one
     * band with a palette or a class table beside it: our own outputs); else the topmost visible raster;
     * else the topmost. Null without rasters.
     */
    static LayerInfo preferredInput(List<LayerInfo> layers) {
        List<LayerInfo> rasters = layers.stream().filter(l -> l.kind() == LayerKind.RASTER && l.path().isPresent()).toList();
        return rasters.stream().filter(l -> l.isVisible() && !classified(l)).findFirst()
                .or(() -> rasters.stream().filter(LayerInfo::isVisible).findFirst())
                .orElse(rasters.isEmpty() ? null : rasters.get(0));
    }

    /** One band with a palette, or a class table beside the file: a classification, not imagery. */
    static boolean classified(LayerInfo l) {
        return l.raster().map(r -> r.bandCount() == 1 && (r.palette().isPresent()
                || l.path().map(p -> java.nio.file.Files.isRegularFile(org.deepraster.raster.ClassTable.sidecar(p))).orElse(false)))
                .orElse(false);
    }

    /** Adds and selects rasters given as files or folders (as Browse… does). */
    public void choose(List<Path> paths) {
        String label = paths.size() == 1 ? "File: " + paths.get(0)
                : "File: " + paths.size() + " rasters (" + paths.get(0).getFileName() + ", …)";
        Choice c = new Choice(label, List.copyOf(paths));
        ((DefaultComboBoxModel<Choice>) combo.getModel()).addElement(c);
        combo.setSelectedItem(c);
    }

    /** Selects an entry by its label (a map layer's name). */
    public void select(String label) {
        for (int i = 0; i < combo.getItemCount(); i++) {
            if (combo.getItemAt(i).label().equals(label)) {
                combo.setSelectedIndex(i);
                return;
            }
        }
        throw new IllegalArgumentException("no raster " + label);
    }

    private void browse() {
        File start = folderOf(paths());
        JFileChooser ch = new JFileChooser(start != null ? start : org.deepraster.toolbox.form.UserMemory.get().folder("raster"));
        ch.setName(prefix + ".raster.chooser");
        if (several) {
            ch.setDialogTitle("Input raster: files (several form a mosaic) or a folder of images");
            ch.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
            ch.setMultiSelectionEnabled(true);
        } else {
            ch.setDialogTitle("Input raster");
        }
        ch.setFileFilter(new FileNameExtensionFilter("Rasters (*.tif, *.tiff)", "tif", "tiff"));
        if (ch.showOpenDialog(owner()) == JFileChooser.APPROVE_OPTION) {
            if (ch.getSelectedFile() != null) {
                org.deepraster.toolbox.form.UserMemory.get().folderUsed("raster", ch.getSelectedFile().toPath());
            }
            List<Path> ps = new ArrayList<>();
            for (File f : several ? ch.getSelectedFiles() : new File[0]) {
                ps.add(f.toPath());
            }
            if (ps.isEmpty() && ch.getSelectedFile() != null) {
                ps.add(ch.getSelectedFile().toPath());
            }
            if (!ps.isEmpty()) {
                choose(ps);
            }
        }
    }

    private Component owner() {
        return javax.swing.SwingUtilities.getWindowAncestor(combo);
    }

    /** The folder of the first path (where a file chooser starts), or null. */
    static File folderOf(List<Path> paths) {
        if (paths.isEmpty()) {
            return null;
        }
        Path p = paths.get(0).toAbsolutePath();
        Path folder = Files.isDirectory(p) ? p : p.getParent();
        return folder != null && Files.isDirectory(folder) ? folder.toFile() : null;
    }
}
