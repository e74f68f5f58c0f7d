package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Window;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.BorderFactory;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.model.ClassInfo;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.MapService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.TaskService;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.raster.RasterFiles;
import org.deepraster.tool.ClassifyObjectsParameters;
import org.deepraster.tool.ClassifyObjectsResult;
import org.deepraster.tool.ClassifyObjectsTool;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.toolbox.form.ModelPanel;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Envelope;

/**
 * Classify Objects Using Deep Learning, laid out like a geoprocessing pane: input raster(s) and
 * processing mode, input features (optional), the model with its generated arguments, the class
 * label field, the output, "use current map extent" and the environments. Run checks the form,
 * builds the same {@link ClassifyObjectsParameters} the command line builds, plans off the EDT
 * (errors the user can fix are shown in red in the dialog), asks what to do with an output that
 * exists, then runs through the host's {@link TaskService} while results stream onto a new map layer
 * coloured by class. Create and use on the EDT only; the job's callbacks hand over with
 * {@link SwingUtilities#invokeLater}.
 */
public final class ClassifyObjectsDialog extends JDialog {

    public static final String TOOL_ID = "classify-objects";
    static final String NO_FEATURES = "None: each image is one object";

    private final PluginContext context;
    private final InferenceEngine engine;

    private final JComboBox<RasterChoice> raster = new JComboBox<>();
    private final JButton rasterBrowse = new JButton("Browse…");
    private final JComboBox<String> mode = new JComboBox<>(new String[] {"Process as mosaicked image",
        "Process items separately"});
    private final JComboBox<FeatureChoice> features = new JComboBox<>();
    private final JButton featuresBrowse = new JButton("Browse…");
    private final ModelPanel model = new ModelPanel();
    private final JTextField labelField = new JTextField(ClassifyObjectsParameters.DEFAULT_LABEL_FIELD, 16);
    private final JTextField output = new JTextField(30);
    private final JButton outputBrowse = new JButton("Browse…");
    private final JCheckBox extent = new JCheckBox("Use current map extent");
    private final JButton environmentsToggle = new JButton("Environments");
    private final JPanel environments = new JPanel(new GridBagLayout());
    private final JComboBox<Environments.Processor> processor = new JComboBox<>(Environments.Processor.values());
    private final JSpinner gpuId = new JSpinner(new SpinnerNumberModel(0, 0, 64, 1));
    private final JSpinner parallel = new JSpinner(new SpinnerNumberModel(0, 0, 256, 1));
    private final JSpinner retries = new JSpinner(new SpinnerNumberModel(1, 0, 20, 1));
    private final JTextArea error = text();
    private final JProgressBar progress = new JProgressBar();
    private final JLabel progressText = new JLabel(" ");
    private final JTextArea summary = text();
    private final JButton run = new JButton("Run");
    private final JButton cancel = new JButton("Cancel");
    private final JButton close = new JButton("Close");

    private final LayerService.LayerListener layerListener = new LayerService.LayerListener() {
        @Override
        public void layerAdded(LayerInfo layer) {
            refreshLayers();
        }

        @Override
        public void layerRemoved(LayerInfo layer) {
            refreshLayers();
        }
    };
    private JScrollPane summaryScroll;
    /** The layers the runs of this dialog added to the map. */
    private final List<LayerInfo> ownLayers = new ArrayList<>();
    /** The output text was set by us (a default), not typed by the user. */
    private boolean outputIsDefault = true;
    private boolean settingOutput;
    /** The raster the default output was proposed for. */
    private RasterChoice defaultFor;
    /** The run in progress (planning or running), or null. */
    private Running running;

    public ClassifyObjectsDialog(Window owner, ToolDescriptor tool, PluginContext context, InferenceEngine engine) {
        super(owner, tool == null ? "Classify Objects" : tool.name(), ModalityType.MODELESS);
        this.context = context;
        this.engine = engine;
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        buildUi();
        refreshLayers();
        context.layers().addListener(layerListener);
        updateDefaultOutput();
        updateRunnable();
    }

    // ------------------------------------------------------------------ layout

    private void buildUi() {
        raster.setName("classify.raster");
        raster.setRenderer(new javax.swing.DefaultListCellRenderer());
        raster.setPrototypeDisplayValue(new RasterChoice("x".repeat(36), List.of()));
        rasterBrowse.setName("classify.raster.browse");
        rasterBrowse.setToolTipText("A raster file, several rasters (a mosaic), or a folder of images");
        mode.setName("classify.mode");
        features.setName("classify.features");
        features.setPrototypeDisplayValue(new FeatureChoice("x".repeat(36), null));
        featuresBrowse.setName("classify.features.browse");
        featuresBrowse.setToolTipText("A GeoPackage, Shapefile or GeoJSON file of points, lines or polygons");
        labelField.setName("classify.labelField");
        output.setName("classify.output");
        outputBrowse.setName("classify.output.browse");
        extent.setName("classify.extent");
        extent.setToolTipText("Only classify the objects that intersect what the map shows now");
        environmentsToggle.setName("classify.environments");
        processor.setName("classify.processor");
        gpuId.setName("classify.gpuId");
        parallel.setName("classify.parallel");
        parallel.setToolTipText("Threads reading chips; 0 = half the cores");
        retries.setName("classify.retries");
        error.setName("classify.error");
        error.setForeground(errorColor());
        error.setVisible(false);
        progress.setName("classify.progress");
        progress.setStringPainted(true);
        progress.setString("");
        progress.setVisible(false);
        progressText.setName("classify.progressText");
        summary.setName("classify.summary");
        summary.setVisible(false);
        run.setName("classify.run");
        cancel.setName("classify.cancel");
        cancel.setEnabled(false);
        cancel.setToolTipText("Stops after the batch in flight; the output keeps what is finished");
        close.setName("classify.close");

        rasterBrowse.addActionListener(e -> browseRaster());
        featuresBrowse.addActionListener(e -> browseFeatures());
        outputBrowse.addActionListener(e -> browseOutput());
        raster.addActionListener(e -> {
            updateDefaultOutput();
            updateMode();
            updateRunnable();
        });
        output.getDocument().addDocumentListener(new DocumentListener() {
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

            private void edited() {
                if (!settingOutput) {
                    outputIsDefault = false;
                }
                updateRunnable();
            }
        });
        model.picker().addModelListener(m -> updateRunnable());
        model.form().addChangeListener(e -> updateRunnable());
        processor.addActionListener(e -> gpuId.setEnabled(processor.getSelectedItem() == Environments.Processor.GPU));
        gpuId.setEnabled(false);
        environmentsToggle.setToolTipText("Processor, parallel processing factor, retries");
        environmentsToggle.addActionListener(e -> {
            boolean show = !environments.isVisible();
            environments.setVisible(show);
            environmentsToggle.setText(show ? "▾ Environments" : "▸ Environments");
            revalidate();
        });
        environmentsToggle.setText("▸ Environments");
        environmentsToggle.putClientProperty("JButton.buttonType", "borderless");
        environments.setVisible(false);
        run.addActionListener(e -> run());
        cancel.addActionListener(e -> cancelRun());
        close.addActionListener(e -> dispose());
        getRootPane().setDefaultButton(null);
        getRootPane().registerKeyboardAction(e -> dispose(), KeyStroke.getKeyStroke("ESCAPE"),
                JComponent.WHEN_IN_FOCUSED_WINDOW);

        JPanel form = new FormPanel();
        Row r = new Row(form);
        r.title("Input raster", raster);
        r.line(raster, rasterBrowse);
        r.title("Processing mode", mode);
        r.line(mode, null);
        r.title("Input features (optional)", features);
        r.line(features, featuresBrowse);
        r.full(model, 1);
        r.title("Class label field", labelField);
        r.line(labelField, null);
        r.title("Output feature class", output);
        r.line(output, outputBrowse);
        r.full(extent, 0);
        r.full(environmentsToggle, 0);
        Row er = new Row(environments);
        er.pair("Processor type", processor);
        er.pair("GPU id", gpuId);
        er.pair("Parallel processing factor", parallel);
        er.pair("Retries on failure", retries);
        environments.setBorder(BorderFactory.createEmptyBorder(0, 16, 0, 0));
        r.full(environments, 0);

        JPanel bottom = new JPanel(new BorderLayout(0, 6));
        JPanel status = new JPanel(new BorderLayout(0, 4));
        status.add(error, BorderLayout.NORTH);
        JPanel bar = new JPanel(new BorderLayout(0, 2));
        bar.add(progress, BorderLayout.NORTH);
        bar.add(progressText, BorderLayout.CENTER);
        status.add(bar, BorderLayout.CENTER);
        JScrollPane summaryScroll = new JScrollPane(summary);
        summaryScroll.setName("classify.summary.scroll");
        summaryScroll.setBorder(BorderFactory.createEmptyBorder());
        summaryScroll.setPreferredSize(new Dimension(100, 110));
        summaryScroll.setVisible(false);
        this.summaryScroll = summaryScroll;
        status.add(summaryScroll, BorderLayout.SOUTH);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING, 6, 0));
        buttons.add(run);
        buttons.add(cancel);
        buttons.add(close);
        bottom.add(status, BorderLayout.CENTER);
        bottom.add(buttons, BorderLayout.SOUTH);

        JPanel content = new JPanel(new BorderLayout(0, 10));
        content.setBorder(BorderFactory.createEmptyBorder(12, 14, 10, 14));
        JScrollPane scroll = new JScrollPane(form);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
        scroll.setHorizontalScrollBarPolicy(JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        content.add(scroll, BorderLayout.CENTER);
        content.add(bottom, BorderLayout.SOUTH);
        setContentPane(content);
        setPreferredSize(new Dimension(800, 820));
        pack();
    }

    /** The form: as wide as the dialog (never wider), scrolling vertically when the dialog is short. */
    private static final class FormPanel extends JPanel implements javax.swing.Scrollable {
        FormPanel() {
            super(new GridBagLayout());
        }

        @Override
        public Dimension getPreferredScrollableViewportSize() {
            return getPreferredSize();
        }

        @Override
        public int getScrollableUnitIncrement(java.awt.Rectangle r, int orientation, int direction) {
            return 16;
        }

        @Override
        public int getScrollableBlockIncrement(java.awt.Rectangle r, int orientation, int direction) {
            return Math.max(16, r.height - 32);
        }

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }

        @Override
        public boolean getScrollableTracksViewportHeight() {
            return getParent() != null && getParent().getHeight() > getMinimumSize().height;
        }
    }

    /** Rows of a GridBagLayout: a label line then a field line (field stretched, button at the end). */
    private static final class Row {
        private final JPanel panel;
        private int y;

        Row(JPanel panel) {
            this.panel = panel;
        }

        void title(String text, JComponent field) {
            JLabel l = new JLabel(text);
            l.setLabelFor(field);
            panel.add(l, c(0, 2, 0, new Insets(y == 0 ? 0 : 8, 0, 2, 0)));
            y++;
        }

        void line(JComponent field, JComponent button) {
            panel.add(field, c(0, button == null ? 2 : 1, 1, new Insets(0, 0, 0, 0)));
            if (button != null) {
                panel.add(button, c(1, 1, 0, new Insets(0, 6, 0, 0)));
            }
            y++;
        }

        void pair(String text, JComponent field) {
            JLabel l = new JLabel(text);
            l.setLabelFor(field);
            GridBagConstraints lc = c(0, 1, 0, new Insets(4, 0, 0, 8));
            panel.add(l, lc);
            GridBagConstraints fc = c(1, 1, 1, new Insets(4, 0, 0, 0));
            fc.fill = GridBagConstraints.NONE;
            fc.anchor = GridBagConstraints.LINE_START;
            panel.add(field, fc);
            y++;
        }

        void full(JComponent comp, double weighty) {
            GridBagConstraints gc = c(0, 2, 1, new Insets(10, 0, 0, 0));
            gc.weighty = weighty;
            gc.fill = weighty > 0 ? GridBagConstraints.BOTH : GridBagConstraints.HORIZONTAL;
            if (comp instanceof JCheckBox || comp instanceof JButton) {
                gc.fill = GridBagConstraints.NONE;
                gc.anchor = GridBagConstraints.LINE_START;
            }
            panel.add(comp, gc);
            y++;
        }

        private GridBagConstraints c(int x, int w, double weightx, Insets insets) {
            GridBagConstraints gc = new GridBagConstraints();
            gc.gridx = x;
            gc.gridy = y;
            gc.gridwidth = w;
            gc.weightx = weightx;
            gc.fill = GridBagConstraints.HORIZONTAL;
            gc.anchor = GridBagConstraints.LINE_START;
            gc.insets = insets;
            return gc;
        }
    }

    private static JTextArea text() {
        JTextArea t = new JTextArea();
        t.setEditable(false);
        t.setLineWrap(true);
        t.setWrapStyleWord(true);
        t.setOpaque(false);
        t.setBorder(null);
        t.setFont(UIManager.getFont("Label.font"));
        return t;
    }

    static Color errorColor() {
        Color c = UIManager.getColor("Actions.Red");
        return c != null ? c : new Color(0xC0, 0x20, 0x20);
    }

    // ------------------------------------------------------------------ choices

    /** An entry of the raster combo: a map layer's file, or files/folders the user browsed to. */
    record RasterChoice(String label, List<Path> paths) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** An entry of the features combo: none, a map layer, or a file. */
    record FeatureChoice(String label, FeatureInput input) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** Reloads the combos from the map's layers, keeping what the user browsed to and the selection. */
    private void refreshLayers() {
        RasterChoice selR = (RasterChoice) raster.getSelectedItem();
        FeatureChoice selF = (FeatureChoice) features.getSelectedItem();
        List<RasterChoice> rs = new ArrayList<>();
        List<FeatureChoice> fs = new ArrayList<>();
        fs.add(new FeatureChoice(NO_FEATURES, null));
        for (LayerInfo l : context.layers().layers()) {
            if (l.kind() == LayerKind.RASTER && l.path().isPresent()) {
                rs.add(new RasterChoice(l.name(), List.of(l.path().get())));
            } else if (l.kind() == LayerKind.VECTOR && l.features().isPresent()) {
                fs.add(new FeatureChoice(l.name(), new FeatureInput.Layer(l.features().get())));
            }
        }
        for (int i = 0; i < raster.getItemCount(); i++) {
            RasterChoice c = raster.getItemAt(i);
            if (c.label().startsWith("File: ") && !rs.contains(c)) {
                rs.add(c);
            }
        }
        for (int i = 0; i < features.getItemCount(); i++) {
            FeatureChoice c = features.getItemAt(i);
            if (c.input() instanceof FeatureInput.File && !fs.contains(c)) {
                fs.add(c);
            }
        }
        raster.setModel(new DefaultComboBoxModel<>(rs.toArray(RasterChoice[]::new)));
        if (selR != null && rs.contains(selR)) {
            raster.setSelectedItem(selR);
        }
        // keep a chosen map layer selected by name (its features object is replaced when it changes)
        FeatureChoice keep = null;
        for (FeatureChoice c : fs) {
            if (selF != null && c.label().equals(selF.label())) {
                keep = c;
            }
        }
        features.setModel(new DefaultComboBoxModel<>(fs.toArray(FeatureChoice[]::new)));
        if (keep != null) {
            features.setSelectedItem(keep);
        } else if (selF == null) {
            // the bottom-most polygon layer (footprints, usually opened before what is drawn over them),
            // else the bottom-most vector layer; the user sees the choice and can change it
            List<FeatureChoice> bottomUp = new ArrayList<>(fs.subList(1, fs.size()));
            java.util.Collections.reverse(bottomUp);
            bottomUp.stream().filter(c -> c.input() instanceof FeatureInput.Layer l
                            && l.features().schema().geometryKind() == org.deepraster.feature.GeometryKind.POLYGON)
                    .findFirst().or(() -> bottomUp.stream().findFirst()).ifPresent(features::setSelectedItem);
        }
        updateDefaultOutput();
        updateMode();
        updateRunnable();
    }

    /** Selects rasters given as files or folders (adds an entry as Browse… does). */
    public void chooseRasters(List<Path> paths) {
        String label = paths.size() == 1 ? "File: " + paths.get(0)
                : "File: " + paths.size() + " rasters (" + paths.get(0).getFileName() + ", …)";
        RasterChoice c = new RasterChoice(label, List.copyOf(paths));
        ((DefaultComboBoxModel<RasterChoice>) raster.getModel()).addElement(c);
        raster.setSelectedItem(c);
    }

    /** Selects a vector file as the input features. */
    public void chooseFeatures(Path file) {
        FeatureChoice c = new FeatureChoice("File: " + file, FeatureInput.file(file));
        ((DefaultComboBoxModel<FeatureChoice>) features.getModel()).addElement(c);
        features.setSelectedItem(c);
    }

    private void browseRaster() {
        JFileChooser ch = new JFileChooser(startFolder());
        ch.setName("classify.raster.chooser");
        ch.setDialogTitle("Input raster: files (several form a mosaic) or a folder of images");
        ch.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
        ch.setMultiSelectionEnabled(true);
        ch.setFileFilter(new FileNameExtensionFilter("Rasters (*.tif, *.tiff)", "tif", "tiff"));
        if (ch.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            List<Path> ps = new ArrayList<>();
            for (File f : ch.getSelectedFiles()) {
                ps.add(f.toPath());
            }
            if (ps.isEmpty() && ch.getSelectedFile() != null) {
                ps.add(ch.getSelectedFile().toPath());
            }
            if (!ps.isEmpty()) {
                chooseRasters(ps);
            }
        }
    }

    private void browseFeatures() {
        JFileChooser ch = new JFileChooser(startFolder());
        ch.setName("classify.features.chooser");
        ch.setFileFilter(new FileNameExtensionFilter("Features (*.gpkg, *.shp, *.geojson, *.json)", "gpkg", "shp",
                "geojson", "json"));
        if (ch.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            chooseFeatures(ch.getSelectedFile().toPath());
        }
    }

    private void browseOutput() {
        JFileChooser ch = new JFileChooser(startFolder());
        ch.setName("classify.output.chooser");
        ch.setFileFilter(new FileNameExtensionFilter("GeoPackage, GeoJSON, Shapefile, CSV", "gpkg", "geojson", "shp",
                "csv"));
        String t = output.getText().trim();
        if (!t.isEmpty()) {
            ch.setSelectedFile(new File(t));
        }
        if (ch.showSaveDialog(this) == JFileChooser.APPROVE_OPTION) {
            setOutput(ch.getSelectedFile().toPath().toString(), false);
        }
    }

    private File startFolder() {
        String t = output.getText().trim();
        if (!t.isEmpty()) {
            Path parent = Path.of(t).toAbsolutePath().getParent();
            if (parent != null && Files.isDirectory(parent)) {
                return parent.toFile();
            }
        }
        return null;
    }

    private void setOutput(String text, boolean isDefault) {
        settingOutput = true;
        try {
            output.setText(text);
        } finally {
            settingOutput = false;
        }
        outputIsDefault = isDefault;
    }

    private void updateDefaultOutput() {
        RasterChoice c = (RasterChoice) raster.getSelectedItem();
        // only when the raster changes: a run's own output must not move the name under the user's eyes
        if (!outputIsDefault || java.util.Objects.equals(c, defaultFor)) {
            return;
        }
        defaultFor = c;
        setOutput(c == null || c.paths().isEmpty() ? "" : defaultOutput(c.paths().get(0)).toString(), true);
    }

    private void updateMode() {
        RasterChoice c = (RasterChoice) raster.getSelectedItem();
        boolean several = c != null && (c.paths().size() > 1 || c.paths().stream().anyMatch(Files::isDirectory));
        mode.setEnabled(several);
    }

    /**
     * {@code <folder>/<name>_classified.gpkg} next to a raster (inside a folder of images), numbered
     * {@code _classified_2} and on so that it does not clash with a file that exists.
     */
    static Path defaultOutput(Path raster) {
        Path folder = Files.isDirectory(raster) ? raster : raster.toAbsolutePath().getParent();
        String name = raster.getFileName() == null ? "output" : raster.getFileName().toString();
        if (!Files.isDirectory(raster)) {
            name = name.replaceFirst("\\.[^.]+$", "");
        }
        Path p = folder.resolve(name + "_classified.gpkg");
        for (int i = 2; Files.exists(p); i++) {
            p = folder.resolve(name + "_classified_" + i + ".gpkg");
        }
        return p;
    }

    private void updateRunnable() {
        boolean idle = running == null;
        run.setEnabled(idle && raster.getSelectedItem() != null && model.isReady() && !output.getText().isBlank());
        run.setToolTipText(run.isEnabled() ? "Check the inputs and classify" : missing());
        for (JComponent c : List.of(raster, rasterBrowse, features, featuresBrowse, labelField, output, outputBrowse,
                extent, processor, parallel, retries, model)) {
            c.setEnabled(idle);
        }
        gpuId.setEnabled(idle && processor.getSelectedItem() == Environments.Processor.GPU);
        if (idle) {
            updateMode();
            model.form().setEnabled(model.picker().loaded() != null && model.picker().loaded().runnable());
        } else {
            mode.setEnabled(false);
            model.form().setEnabled(false);
        }
        cancel.setEnabled(running != null && running.handle != null);
    }

    /** What is missing before Run can start (for the tooltip), or null. */
    private String missing() {
        if (running != null) {
            return "A run is in progress";
        }
        if (raster.getSelectedItem() == null) {
            return "Choose an input raster";
        }
        if (!model.isReady()) {
            return model.picker().loaded() == null ? "Choose a model" : "The model cannot run, or an argument is not valid";
        }
        if (output.getText().isBlank()) {
            return "Name the output";
        }
        return null;
    }

    // ------------------------------------------------------------------ parameters

    /**
     * The parameters the form describes, as the command line would build them (overwrite and
     * resume off). On the EDT. Throws {@link UserException} for what is missing or not valid.
     */
    public ClassifyObjectsParameters parameters() {
        RasterChoice r = (RasterChoice) raster.getSelectedItem();
        if (r == null || r.paths().isEmpty()) {
            throw new UserException("No input raster chosen.",
                    "Open a raster on the map and pick it, or use Browse… to choose files or a folder of images.");
        }
        if (model.picker().loaded() == null) {
            throw new UserException("No model chosen.", "Choose an .emd, .dlpk or .onnx file in Model definition.");
        }
        if (!model.picker().loaded().runnable()) {
            throw new UserException("The model cannot run here.", model.picker().loaded().refusal());
        }
        if (!model.form().isInputValid()) {
            throw new UserException("Some model arguments are not valid: " + String.join("; ", model.form().errors()),
                    "Correct the arguments marked in red.");
        }
        String out = output.getText().trim();
        if (out.isEmpty()) {
            throw new UserException("No output named.", "Name the output feature class, e.g. classified.gpkg.");
        }
        String label = labelField.getText().trim();
        if (!label.isEmpty() && !label.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UserException("The class label field '" + label + "' is not a valid field name.",
                    "Use letters, digits and underscores, starting with a letter, e.g. ClassLabel.");
        }
        FeatureChoice f = (FeatureChoice) features.getSelectedItem();
        ProcessingMode pm = mode.getSelectedIndex() == 1 ? ProcessingMode.PROCESS_ITEMS_SEPARATELY
                : ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE;
        Environments.Processor proc = (Environments.Processor) processor.getSelectedItem();
        Environments env = new Environments(processingExtent(), null, proc, (Integer) gpuId.getValue(),
                (Integer) parallel.getValue(), (Integer) retries.getValue());
        return new ClassifyObjectsParameters(r.paths(), model.picker().loaded().source(), f == null ? null : f.input(),
                Path.of(out), label, pm, model.arguments(), env, false, false);
    }

    private ProcessingExtent processingExtent() {
        if (!extent.isSelected()) {
            return ProcessingExtent.WHOLE;
        }
        MapService map = context.map();
        Envelope visible = map.visibleExtent();
        if (visible == null || visible.isNull() || visible.getWidth() <= 0 || visible.getHeight() <= 0) {
            throw new UserException("The map shows no extent yet.", "Open a layer, or untick Use current map extent.");
        }
        return new ProcessingExtent.Box(new Envelope(visible), map.crs());
    }

    /** What Run does with an existing output. */
    enum Existing { OVERWRITE, RESUME, CANCEL }

    /** Asks what to do with an output that exists (a modal question named "classify.exists"). */
    private Existing askExisting(Path out) {
        Object[] options = {"Overwrite", "Resume", "Cancel"};
        JOptionPane pane = new JOptionPane("The output " + out + " already exists.\n\n"
                + "Overwrite: replace it and classify everything again.\n"
                + "Resume: keep it and classify only the objects it does not hold yet.",
                JOptionPane.QUESTION_MESSAGE, JOptionPane.DEFAULT_OPTION, null, options, options[2]);
        JDialog d = pane.createDialog(this, "Output exists");
        d.setName("classify.exists");
        d.setVisible(true);
        d.dispose();
        Object v = pane.getValue();
        return "Overwrite".equals(v) ? Existing.OVERWRITE : "Resume".equals(v) ? Existing.RESUME : Existing.CANCEL;
    }

    /** The file the tool writes for this output text (a name without extension gets .gpkg). */
    static Path effectiveOutput(Path out) {
        String n = out.getFileName().toString();
        return n.contains(".") ? out : out.resolveSibling(n + ".gpkg");
    }

    // ------------------------------------------------------------------ run

    /** A run from planning to its end. EDT fields, except {@code result} (set on the job thread). */
    private static final class Running {
        TaskService.TaskHandle<ClassifyObjectsResult> handle;
        LayerService.StreamingLayer layer;
        final AtomicReference<ClassifyObjectsResult> result = new AtomicReference<>();
        boolean cancelRequested;
    }

    /** Checks, plans off the EDT and starts the run; what Run does. */
    public void run() {
        if (running != null) {
            return;
        }
        showError(null);
        summary.setVisible(false);
        summaryScroll.setVisible(false);
        ClassifyObjectsParameters p;
        try {
            p = parameters();
        } catch (UserException e) {
            showError(e);
            return;
        }
        Path out = effectiveOutput(p.outFeatureClass());
        if (Files.exists(out)) {
            Existing choice = askExisting(out);
            if (choice == Existing.CANCEL) {
                return;
            }
            p = p.withOutput(p.outFeatureClass(), choice == Existing.OVERWRITE, choice == Existing.RESUME);
        }
        Running r = new Running();
        running = r;
        progress.setVisible(true);
        progress.setIndeterminate(true);
        progress.setString("Checking the inputs…");
        progressText.setText("Opening the model, the rasters and the features…");
        updateRunnable();
        ClassifyObjectsParameters params = p;
        new SwingWorker<Planned, Void>() {
            @Override
            protected Planned doInBackground() throws Exception {
                ClassifyObjectsTool.Plan plan = new ClassifyObjectsTool(engine).plan(params);
                try {
                    List<Feature> earlier = params.resume() ? earlierResults(plan) : List.of();
                    return new Planned(plan, earlier);
                } catch (IOException | RuntimeException e) {
                    plan.close();
                    throw e;
                }
            }

            @Override
            protected void done() {
                Planned planned;
                try {
                    planned = get();
                } catch (ExecutionException e) {
                    running = null;
                    progress.setVisible(false);
                    progressText.setText(" ");
                    showError(e.getCause() == null ? e : e.getCause());
                    updateRunnable();
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!isDisplayable() || r.cancelRequested) {
                    closeQuietly(planned.plan());
                    running = null;
                    progress.setVisible(false);
                    progressText.setText(r.cancelRequested ? "Cancelled before the run started; nothing was written." : " ");
                    updateRunnable();
                    return;
                }
                start(r, planned, params);
            }
        }.execute();
    }

    private record Planned(ClassifyObjectsTool.Plan plan, List<Feature> earlier) {
    }

    /** The features an earlier run wrote to the output table (to show them when resuming); off the EDT. */
    private static List<Feature> earlierResults(ClassifyObjectsTool.Plan plan) throws IOException {
        if (!Files.exists(plan.output())) {
            return List.of();
        }
        for (FeatureCollection c : VectorFiles.open(plan.output())) {
            if (c.schema().name().equalsIgnoreCase(plan.outputSchema().name())) {
                return c.features();
            }
        }
        return List.of();
    }

    private void start(Running r, Planned planned, ClassifyObjectsParameters params) {
        ClassifyObjectsTool.Plan plan = planned.plan();
        LayerStyle style = styleFor(plan.classes(), params.classLabelField());
        FeatureCollection initial = new FeatureCollection(plan.outputSchema(), planned.earlier(), plan.output(),
                List.of());
        // an earlier run of this dialog to the same output: its layer is replaced by this one (which,
        // when resuming, starts with what that run wrote)
        for (LayerInfo old : List.copyOf(ownLayers)) {
            if (old.path().map(plan.output()::equals).orElse(false)) {
                context.layers().remove(old);
                ownLayers.remove(old);
            }
        }
        r.layer = context.layers().addStreamingLayer(initial, style);
        ownLayers.add(r.layer.info());
        LayerService.StreamingLayer layer = r.layer;
        CallbackSink<Feature> sink = new CallbackSink<>(layer::append,
                p -> SwingUtilities.invokeLater(() -> showProgress(p)), null);
        progress.setIndeterminate(false);
        progress.setMaximum(1000);
        progress.setValue(0);
        progress.setString("0 / " + plan.total());
        progressText.setText(plan.warnings().isEmpty() ? "Classifying with " + plan.definition().displayName() + " on "
                + plan.executionProvider() + "…" : "Warning: " + String.join(" ", plan.warnings()));
        String title = "Classify Objects → " + plan.output().getFileName();
        r.handle = context.tasks().submit(title, taskProgress -> {
            try (ClassifyObjectsTool.Plan owned = plan) {
                ClassifyObjectsResult res = owned.run(taskProgress, List.of(sink));
                r.result.set(res);
                return res;
            }
        });
        r.handle.result().whenComplete((res, err) -> SwingUtilities.invokeLater(() -> finished(r, err)));
        updateRunnable();
    }

    private void showProgress(JobProgress p) {
        if (running == null || running.handle == null) {
            return;
        }
        progress.setValue((int) Math.round(p.fraction() * 1000));
        progress.setString(p.done() + " / " + p.total());
        progressText.setText(progressLine(p));
    }

    /** "120 of 480 objects · 35.2 objects/s · about 0:10 left · 3 skipped". */
    static String progressLine(JobProgress p) {
        StringBuilder b = new StringBuilder();
        b.append(p.done()).append(" of ").append(p.total()).append(" objects");
        if (p.rate() > 0) {
            b.append(String.format(Locale.ROOT, " · %.1f objects/s", p.rate()));
        }
        double left = p.secondsLeft();
        if (left >= 0 && p.done() < p.total()) {
            long s = Math.round(left);
            b.append(String.format(Locale.ROOT, " · about %d:%02d left", s / 60, s % 60));
        }
        if (p.skipped() > 0) {
            b.append(" · ").append(p.skipped()).append(" skipped");
        }
        if (p.failed() > 0) {
            b.append(" · ").append(p.failed()).append(" failed");
        }
        if (p.resumed() > 0) {
            b.append(" · ").append(p.resumed()).append(" from the earlier run");
        }
        return b.toString();
    }

    private void finished(Running r, Throwable err) {
        if (running == r) {
            running = null;
        }
        ClassifyObjectsResult res = r.result.get();
        progress.setIndeterminate(false);
        if (res == null) {
            progress.setVisible(false);
            progressText.setText(" ");
            Throwable cause = err;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof org.deepraster.util.CancelledException
                    || cause instanceof java.util.concurrent.CancellationException) {
                showSummary("Cancelled before any result was written.");
            } else {
                showError(cause);
            }
            updateRunnable();
            return;
        }
        JobReport.Outcome outcome = res.report().outcome();
        JobProgress last = res.report().progress();
        progress.setValue((int) Math.round(last.fraction() * 1000));
        progress.setString(last.done() + " / " + last.total());
        progressText.setText(progressLine(last));
        showSummary(summaryText(res));
        if (outcome == JobReport.Outcome.FAILED && res.report().error() != null) {
            showError(new UserException("The run stopped: " + res.report().error(),
                    "What was finished is in the output; fix the cause and run again with Resume."));
        }
        updateRunnable();
    }

    /** The summary shown when a run ends: counts per class, skips, failures, time, output, warnings. */
    static String summaryText(ClassifyObjectsResult res) {
        StringBuilder b = new StringBuilder();
        b.append(res.summary() != null ? res.summary().describe() : res.report().outcome() + "\n");
        if (res.outsideExtent() > 0) {
            b.append(res.outsideExtent()).append(" objects outside the processing extent were not classified.\n");
        }
        if (res.report().outcome() == JobReport.Outcome.CANCELLED) {
            b.append("The output keeps every object finished before the cancel; run again and choose Resume"
                    + " to classify the rest.\n");
        }
        for (String w : res.warnings()) {
            b.append("Warning: ").append(w).append('\n');
        }
        b.append("Output: ").append(res.output()).append(" (table ").append(res.table()).append(')');
        return b.toString();
    }

    /** Cancels the run: it stops after the batch in flight; the output keeps the finished items. */
    public void cancelRun() {
        Running r = running;
        if (r == null) {
            return;
        }
        r.cancelRequested = true;
        if (r.handle != null) {
            r.handle.cancel();
            cancel.setEnabled(false);
            progressText.setText("Cancelling after the batch in flight…");
        }
    }

    /** Colours by the label field: each class name of the model gets its colour from the definition. */
    static LayerStyle styleFor(List<ClassInfo> classes, String labelField) {
        Map<Object, Color> colors = new LinkedHashMap<>();
        for (ClassInfo c : classes) {
            colors.put(c.name(), new Color(c.rgb()));
        }
        return new LayerStyle(new Color(0x55, 0x55, 0x55), new Color(0x80, 0x80, 0x80, 50), 2f, 6f, labelField, colors);
    }

    private void showError(Throwable t) {
        if (t == null) {
            error.setText("");
            error.setVisible(false);
        } else {
            String text = t instanceof UserException u ? u.userMessage()
                    : "Could not run: " + (t.getMessage() != null ? t.getMessage() : t.toString());
            error.setText(text);
            error.setVisible(true);
        }
        revalidate();
        repaint();
    }

    private void showSummary(String text) {
        summary.setText(text);
        summary.setCaretPosition(0);
        summary.setVisible(true);
        summaryScroll.setVisible(true);
        revalidate();
        repaint();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to keep: the plan held only readers
        }
    }

    /**
     * Relative to the main window it sits at the window's right edge, like a geoprocessing pane, so
     * that the map (where the results appear) stays in view; elsewhere as usual.
     */
    @Override
    public void setLocationRelativeTo(java.awt.Component c) {
        if (c instanceof Window w && w.isShowing() && w.getWidth() > getWidth() + 200) {
            java.awt.Rectangle b = w.getBounds();
            java.awt.Rectangle screen = w.getGraphicsConfiguration().getBounds();
            int x = Math.min(b.x + b.width - getWidth() - 8, screen.x + screen.width - getWidth());
            int y = Math.max(screen.y, Math.min(b.y + 60, screen.y + screen.height - getHeight()));
            setLocation(Math.max(screen.x, x), y);
        } else {
            super.setLocationRelativeTo(c);
        }
    }

    @Override
    public void dispose() {
        context.layers().removeListener(layerListener);
        Running r = running;
        if (r != null && r.handle == null) {
            r.cancelRequested = true; // still planning: close the plan when it arrives
        }
        // a run in progress goes on: the status bar shows it and can cancel it
        super.dispose();
    }

    // ------------------------------------------------------------------ for tests and the plugin

    /** The model part (picker, info, arguments). */
    public ModelPanel modelPanel() {
        return model;
    }

    /** Whether a run is being planned or running. */
    public boolean isRunning() {
        return running != null;
    }

    /** The summary text of the last run ("" before one ends). */
    public String summary() {
        return summary.isVisible() ? summary.getText() : "";
    }

    /** The error shown ("" when none). */
    public String errorText() {
        return error.isVisible() ? error.getText() : "";
    }

    /** Selects a raster of the combo by its label (a map layer's name). */
    void selectRaster(String label) {
        for (int i = 0; i < raster.getItemCount(); i++) {
            if (raster.getItemAt(i).label().equals(label)) {
                raster.setSelectedIndex(i);
                return;
            }
        }
        throw new IllegalArgumentException("no raster " + label);
    }

    /** The names listed in a combo (for tests). */
    static <T> List<String> items(JComboBox<T> combo) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < combo.getItemCount(); i++) {
            out.add(String.valueOf(combo.getItemAt(i)));
        }
        return out;
    }

    JComboBox<RasterChoice> rasterCombo() {
        return raster;
    }

    JComboBox<FeatureChoice> featuresCombo() {
        return features;
    }
}
