package org.deepraster.toolbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.deepraster.util.UserException;

/**
 * The output feature class of a tool dialog: a text field and Browse…. It proposes a default name
 * next to the input ({@link #defaultOutput}, e.g. {@code ortho_detected.gpkg}) until the user types
 * or browses to one; the proposal follows the input only when the input changes (a run's own layer
 * must not rename it mid-run). Component names: {@code <prefix>.output}, {@code <prefix>.output.browse},
 * {@code <prefix>.output.chooser}. EDT only.
 */
public final class OutputField {
    private final JTextField text = new JTextField(30);
    private final JButton browse = new JButton("Browse…");
    private final String suffix;
    private final String extension;
    private final String filterName;
    private final String[] filterExtensions;
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The text was set by us (a default), not typed by the user. */
    private boolean isDefault = true;
    private boolean setting;
    private Path defaultFor;
    private boolean proposed;

    /** @param suffix what the default name adds to the input's name, e.g. {@code "_detected"} */
    public OutputField(String prefix, String suffix) {
        this(prefix, suffix, "gpkg", "GeoPackage, GeoJSON, Shapefile, CSV", "gpkg", "geojson", "shp", "csv");
    }

    /**
     * An output of another kind: the default name ends in {@code .<extension>} and Browse… offers
     * {@code filterName} ({@code filterExtensions}), e.g. {@code "tif", "GeoTIFF", "tif", "tiff"}.
     */
    public OutputField(String prefix, String suffix, String extension, String filterName, String... filterExtensions) {
        this.suffix = suffix;
        this.extension = extension;
        this.filterName = filterName;
        this.filterExtensions = filterExtensions.clone();
        text.setName(prefix + ".output");
        browse.setName(prefix + ".output.browse");
        browse.addActionListener(e -> browse(prefix));
        text.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                edited();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                edited();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                edited();
            }
        });
    }

    private void edited() {
        if (!setting) {
            isDefault = false;
        }
        listeners.forEach(Runnable::run);
    }

    public JTextField field() {
        return text;
    }

    public JButton browseButton() {
        return browse;
    }

    /** Called on every change of the text. */
    public void addChangeListener(Runnable r) {
        listeners.add(r);
    }

    public boolean isBlank() {
        return text.getText().isBlank();
    }

    /** The output as typed; a {@link UserException} when none is named. */
    public Path path() {
        String out = text.getText().trim();
        if (out.isEmpty()) {
            throw new UserException("No output named.", "Name the output feature class, e.g. result.gpkg.");
        }
        return Path.of(out);
    }

    public void setEnabled(boolean enabled) {
        text.setEnabled(enabled);
        browse.setEnabled(enabled);
    }

    /** Sets the text as the user would (it is no longer a proposal). */
    public void setText(String t) {
        set(t, false);
    }

    private void set(String t, boolean asDefault) {
        setting = true;
        try {
            text.setText(t);
        } finally {
            setting = false;
        }
        isDefault = asDefault;
    }

    /** Proposes the default output for this input, unless the user named one or the input did not change. */
    public void proposeFor(Path input) {
        if (!isDefault || proposed && Objects.equals(input, defaultFor)) {
            return;
        }
        proposed = true;
        defaultFor = input;
        set(input == null ? "" : defaultOutput(input, suffix, extension).toString(), true);
    }

    /**
     * {@code <folder>/<name><suffix>.gpkg} next to an input file (inside a folder of images), numbered
     * {@code <suffix>_2} and on so that it does not clash with a file that exists.
     */
    public static Path defaultOutput(Path input, String suffix) {
        return defaultOutput(input, suffix, "gpkg");
    }

    /** {@link #defaultOutput(Path, String)} with another extension (without the dot). */
    public static Path defaultOutput(Path input, String suffix, String extension) {
        Path folder = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        String name = input.getFileName() == null ? "output" : input.getFileName().toString();
        if (!Files.isDirectory(input)) {
            name = name.replaceFirst("\\.[^.]+$", "");
        }
        Path p = folder.resolve(name + suffix + "." + extension);
        for (int i = 2; Files.exists(p); i++) {
            p = folder.resolve(name + suffix + "_" + i + "." + extension);
        }
        return p;
    }

    /** The file a tool writes for this output text (a name without extension gets .gpkg). */
    public static Path effectiveOutput(Path out) {
        String n = out.getFileName().toString();
        return n.contains(".") ? out : out.resolveSibling(n + ".gpkg");
    }

    private void browse(String prefix) {
        String t = text.getText().trim();
        JFileChooser ch = new JFileChooser(t.isEmpty() ? null : RasterPicker.folderOf(List.of(Path.of(t))));
        ch.setName(prefix + ".output.chooser");
        ch.setFileFilter(new FileNameExtensionFilter(filterName, filterExtensions));
        if (!t.isEmpty()) {
            ch.setSelectedFile(new File(t));
        }
        if (ch.showSaveDialog(SwingUtilities.getWindowAncestor(text)) == JFileChooser.APPROVE_OPTION) {
            setText(ch.getSelectedFile().toPath().toString());
        }
    }
}
