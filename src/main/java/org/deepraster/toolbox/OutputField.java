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
 * must not rename it mid-run). {@link #folder} makes the field of an output folder instead (Export
 * Training Data): the proposal has no extension and Browse… picks a folder. Component names:
 * {@code <prefix>.output}, {@code <prefix>.output.browse}, {@code <prefix>.output.chooser}. EDT only.
 */
public final class OutputField {
    private final JTextField text = new JTextField(30);
    private final JButton browse = new JButton("Browse…");
    private final String suffix;
    /** The output is a folder (no extension; Browse… picks folders). */
    private final boolean folder;
    /** The extension of a proposed file (with the dot), and what Browse… offers. */
    private String extension = ".gpkg";
    private String filterName = "GeoPackage, GeoJSON, Shapefile, CSV";
    private String[] filterExtensions = {"gpkg", "geojson", "shp", "csv"};
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The text was set by us (a default), not typed by the user. */
    private boolean isDefault = true;
    private boolean setting;
    private Path defaultFor;
    private boolean proposed;

    /** @param suffix what the default name adds to the input's name, e.g. {@code "_detected"} */
    public OutputField(String prefix, String suffix) {
        this(prefix, suffix, false);
    }

    private OutputField(String prefix, String suffix, boolean folder) {
        this.suffix = suffix;
        this.folder = folder;
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

    /** The field of an output folder: proposes {@code <folder>/<name><suffix>} next to the input. */
    public static OutputField folder(String prefix, String suffix) {
        OutputField f = new OutputField(prefix, suffix, true);
        f.browse.setToolTipText("A new or empty folder");
        return f;
    }

    /**
     * The field of an output file of another kind: the proposal ends in {@code .<extension>} and
     * Browse… offers {@code filterName} ({@code filterExtensions}), e.g. {@code file("pixels",
     * "_classified", "tif", "GeoTIFF", "tif", "tiff")}.
     */
    public static OutputField file(String prefix, String suffix, String extension, String filterName,
                                   String... filterExtensions) {
        OutputField f = new OutputField(prefix, suffix, false);
        f.extension = "." + extension;
        f.filterName = filterName;
        f.filterExtensions = filterExtensions.clone();
        return f;
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
            throw folder ? new UserException("No output folder named.", "Name a new or empty folder for the chips.")
                    : new UserException("No output named.", "Name the output feature class, e.g. result.gpkg.");
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

    /**
     * Follows the input raster: whenever its choice changes, proposes the default output for its
     * first file ({@link #proposeFor}), then runs {@code then} (the dialog's form changed).
     */
    public void follow(RasterPicker raster, Runnable then) {
        raster.combo().addActionListener(e -> {
            proposeFor(raster.first());
            then.run();
        });
    }

    /** Proposes the default output for this input, unless the user named one or the input did not change. */
    public void proposeFor(Path input) {
        if (!isDefault || proposed && Objects.equals(input, defaultFor)) {
            return;
        }
        proposed = true;
        defaultFor = input;
        set(input == null ? "" : (folder ? defaultFolder(input, suffix) : numbered(input, suffix, extension)).toString(), true);
    }

    /**
     * {@code <folder>/<name><suffix>.gpkg} next to an input file (inside a folder of images), numbered
     * {@code <suffix>_2} and on so that it does not clash with a file that exists.
     */
    public static Path defaultOutput(Path input, String suffix) {
        return numbered(input, suffix, ".gpkg");
    }

    /** {@code <folder>/<name><suffix>} next to an input file, numbered {@code <suffix>_2} and on when it exists. */
    public static Path defaultFolder(Path input, String suffix) {
        return numbered(input, suffix, "");
    }

    private static Path numbered(Path input, String suffix, String extension) {
        Path folder = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        String name = input.getFileName() == null ? "output" : input.getFileName().toString();
        if (!Files.isDirectory(input)) {
            name = name.replaceFirst("\\.[^.]+$", "");
        }
        Path p = folder.resolve(name + suffix + extension);
        for (int i = 2; Files.exists(p); i++) {
            p = folder.resolve(name + suffix + "_" + i + extension);
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
        File start = t.isEmpty() ? null : RasterPicker.folderOf(List.of(Path.of(t)));
        JFileChooser ch = new JFileChooser(start != null ? start : org.deepraster.toolbox.form.UserMemory.get().folder("output"));
        ch.setName(prefix + ".output.chooser");
        if (folder) {
            ch.setDialogTitle("Output folder (new or empty)");
            ch.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        } else {
            ch.setFileFilter(new FileNameExtensionFilter(filterName, filterExtensions));
        }
        if (!t.isEmpty()) {
            ch.setSelectedFile(new File(t));
        }
        if (ch.showSaveDialog(SwingUtilities.getWindowAncestor(text)) == JFileChooser.APPROVE_OPTION) {
            org.deepraster.toolbox.form.UserMemory.get().folderUsed("output", ch.getSelectedFile().toPath());
            setText(ch.getSelectedFile().toPath().toString());
        }
    }
}
