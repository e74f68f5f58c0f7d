package org.deepraster.toolbox;

import java.awt.Desktop;
import java.awt.Dimension;
import java.awt.GridBagLayout;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JEditorPane;
import javax.swing.JFileChooser;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JSplitPane;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SpinnerNumberModel;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.assess.AccuracyAssessmentParameters;
import org.deepraster.tool.assess.AccuracyAssessmentSpec;
import org.deepraster.tool.assess.AccuracyAssessmentResult;
import org.deepraster.tool.assess.AccuracyAssessmentTool;
import org.deepraster.tool.assess.AssessmentInput;
import org.deepraster.tool.assess.AssessmentMode;
import org.deepraster.tool.assess.GroundTruthGuess;
import org.deepraster.tool.assess.ObjectMatching;
import org.deepraster.feature.Feature;
import org.deepraster.job.JobProgress;
import org.deepraster.job.ResultSink;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.toolbox.ToolRunner.Existing;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * The Accuracy Assessment dialog: results and ground truth from the map's layers (or files), the
 * class fields, the detection thresholds, an optional model for class names and colours, and the
 * report folder. Built on the toolbox's shared dialog pieces ({@link ToolDialog}, {@link ToolRunner},
 * {@link LayerPicker}, {@link OutputField}, {@link FormRows}): Run checks the inputs off the EDT, runs
 * the assessment through the host's task service and shows {@code report.html} under the form, with
 * Open in browser. It builds the same {@link AccuracyAssessmentParameters} as
 * {@code deepraster accuracy-assessment}; a folder that already holds a report is replaced only with
 * the Replace box ticked (the tool says so otherwise). Use on the EDT.
 */
public final class AccuracyAssessmentDialog extends ToolDialog {
    public static final String TOOL_ID = "accuracy-assessment";
    static final AccuracyAssessmentSpec SPEC = new AccuracyAssessmentSpec();
    /** The declared parameters this dialog shows with widgets of its own (the others go to "Other parameters"). */
    static final java.util.Set<String> SHOWN = ParameterForm.union(ParameterForm.DECIDED_BY_THE_RUN,
            java.util.Set.of(AccuracyAssessmentSpec.RESULTS, AccuracyAssessmentSpec.GROUND_TRUTH,
                    AccuracyAssessmentSpec.OUT_FOLDER, AccuracyAssessmentSpec.MODE, AccuracyAssessmentSpec.CLASS_FIELD,
                    AccuracyAssessmentSpec.TRUTH_CLASS_FIELD, AccuracyAssessmentSpec.IOU, AccuracyAssessmentSpec.CONFIDENCE,
                    AccuracyAssessmentSpec.MODEL, AccuracyAssessmentSpec.OVERWRITE));

    private final LayerPicker results = new LayerPicker("accuracy.results", null, c -> true, l -> null)
            .includeRasters(r -> true);
    private final DefaultListModel<LayerPicker.Choice> truthModel = new DefaultListModel<>();
    private final JList<LayerPicker.Choice> truths = new JList<>(truthModel);
    private final JButton truthBrowse = new JButton("Browse…");
    private final JComboBox<AssessmentMode> mode = new JComboBox<>(AssessmentMode.values());
    private final JTextField classField = new JTextField(12);
    private final JTextField truthClassField = new JTextField(12);
    private final JSpinner iou = new JSpinner(new SpinnerNumberModel(0.5, 0.01, 1.0, 0.05));
    private final JSpinner confidence = new JSpinner(new SpinnerNumberModel(0.0, 0.0, 100.0, 5.0));
    private final JTextField model = new JTextField(24);
    private final JButton modelBrowse = new JButton("Browse…");
    private final OutputField output = OutputField.folder("accuracy", "_accuracy");
    private final JCheckBox overwrite = new JCheckBox("Replace a report already in the folder");
    private final JEditorPane report = new JEditorPane();
    /** The ground-truth selection is being set by the dialog, not the user. */
    private boolean guessing;
    /** The user chose the ground truth: the dialog no longer preselects it. */
    private boolean truthChosen;
    /** The declarations behind the form: the preview, Save job… and the declared parameters without a widget here. */
    private final DeclaredParameters<AccuracyAssessmentParameters> declared;
    private final CommandLinePreview command;
    private final ToolRunner<AccuracyAssessmentParameters, AccuracyAssessmentTool.Plan, AccuracyAssessmentResult> runner;

    public AccuracyAssessmentDialog(Window owner, ToolDescriptor tool, PluginContext context) {
        this(owner, tool, context, SPEC);
    }

    /** With the declarations of {@code spec} (a test adds one to see it appear in the form and the command line). */
    AccuracyAssessmentDialog(Window owner, ToolDescriptor tool, PluginContext context,
                             ToolSpec<AccuracyAssessmentParameters> spec) {
        super(owner, tool, "Accuracy Assessment", context);
        declared = new DeclaredParameters<>("accuracy", spec, SHOWN);
        command = declared.command();
        runner = new ToolRunner<>(this, "accuracy", context, "Compare the results with the ground truth", new Steps());
        buildUi();
        startFollowingLayers();
        changed();
    }

    /** The form changed: Run's state and the command line follow. */
    private void changed() {
        runner.update();
        declared.follow(null, this::widgetParameters, null);
    }

    /** The command line shown. */
    String commandLine() {
        return command.text();
    }

    @Override
    protected ToolRunner<?, ?, ?> runner() {
        return runner;
    }

    private void buildUi() {
        truths.setName("accuracy.groundTruth");
        truthBrowse.setName("accuracy.groundTruth.browse");
        mode.setName("accuracy.mode");
        classField.setName("accuracy.classField");
        truthClassField.setName("accuracy.groundTruthClassField");
        iou.setName("accuracy.iou");
        confidence.setName("accuracy.confidence");
        model.setName("accuracy.model");
        modelBrowse.setName("accuracy.model.browse");
        overwrite.setName("accuracy.overwrite");
        report.setName("accuracy.report");
        truths.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        truths.setVisibleRowCount(4);
        classField.setToolTipText("Blank: ClassLabel, else Class (Class for detections)");
        truthClassField.setToolTipText("Blank: the results' class field, else class, Class, ClassLabel, ClassName, ClassValue, label");
        confidence.setToolTipText("Detections: precision, recall and F1 count detections at or above this confidence (0-100)");
        iou.setToolTipText("Detections: the intersection over union at which a detection matches an object");
        report.setEditable(false);
        report.setContentType("text/html");
        report.setText("<html><body><p>The report appears here after a run.</p></body></html>");
        truthBrowse.addActionListener(e -> {
            Path p = choose("accuracy.groundTruth.chooser");
            if (p != null) {
                truthModel.addElement(LayerPicker.fileChoice(p, true));
                truths.addSelectionInterval(truthModel.size() - 1, truthModel.size() - 1);
            }
        });
        modelBrowse.addActionListener(e -> {
            Path p = choose("accuracy.model.chooser");
            if (p != null) {
                model.setText(p.toString());
            }
        });
        results.combo().addActionListener(e -> {
            output.proposeFor(results.selected() == null ? null : results.selected().file());
            guessTruth();
            changed();
        });
        output.addChangeListener(this::changed);
        truths.addListSelectionListener(e -> {
            if (!guessing && !e.getValueIsAdjusting()) {
                truthChosen = true;
            }
            changed();
        });
        mode.addActionListener(e -> changed());
        TextFields.onChange(this::changed, classField, truthClassField, model);
        iou.addChangeListener(e -> changed());
        confidence.addChangeListener(e -> changed());
        overwrite.addItemListener(e -> changed());
        declared.more().addChangeListener(this::changed);

        JPanel fields = new JPanel(new GridBagLayout());
        new FormRows(fields).pair("Mode", mode).pair("Results class field", classField)
                .pair("Ground-truth class field", truthClassField).pair("IoU threshold (detections)", iou)
                .pair("Confidence threshold (detections)", confidence);
        JPanel form = FormRows.form();
        FormRows r = new FormRows(form);
        r.title("Results", results.combo()).line(results.combo(), results.browseButton());
        JScrollPane truthScroll = new JScrollPane(truths);
        r.title("Ground truth", truths).line(truthScroll, truthBrowse);
        r.full(fields, 0);
        r.full(declared.more().component(), 0);
        r.title("Model for class names (optional)", model).line(model, modelBrowse);
        r.title("Report folder", output.field()).line(output.field(), output.browseButton());
        r.full(overwrite, 0);
        r.title("Command line", command.component()).line(command.component(), null);

        JScrollPane reportScroll = new JScrollPane(report);
        reportScroll.setName("accuracy.report.scroll");
        reportScroll.setPreferredSize(new Dimension(760, 420));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, FormRows.scroll(form), reportScroll);
        split.setResizeWeight(0.3);
        split.setBorder(null);
        layOut(split, new Dimension(820, 900));
    }

    private Path choose(String name) {
        JFileChooser ch = new JFileChooser();
        ch.setName(name);
        return ch.showOpenDialog(this) == JFileChooser.APPROVE_OPTION ? ch.getSelectedFile().toPath() : null;
    }

    /** Map layers (vector and raster) as choices, keeping files the user browsed to and the selections. */
    @Override
    protected void layersChanged(List<LayerInfo> layers) {
        guessing = true;
        try {
            refreshLayers(layers);
        } finally {
            guessing = false;
        }
        guessTruth();
    }

    /**
     * Until the user chooses, preselects the ground truth where {@link GroundTruthGuess} is sure (layers of
     * the map holding the results' classes), else selects none.
     */
    private void guessTruth() {
        if (truthChosen) {
            return;
        }
        LayerPicker.Choice r = results.selected();
        List<org.deepraster.feature.FeatureCollection> layers = new ArrayList<>();
        for (int i = 0; i < truthModel.size(); i++) {
            layers.add(truthModel.get(i).features());
        }
        List<Integer> pick = r == null || r.features() == null ? List.of()
                : GroundTruthGuess.pick(r.features(), layers, blankToNull(classField.getText()),
                blankToNull(truthClassField.getText()));
        guessing = true;
        try {
            truths.setSelectedIndices(pick.stream().mapToInt(Integer::intValue).toArray());
        } finally {
            guessing = false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private void refreshLayers(List<LayerInfo> layers) {
        results.refresh(layers);
        List<LayerPicker.Choice> selT = truths.getSelectedValuesList();
        List<LayerPicker.Choice> ts = new ArrayList<>(LayerPicker.mapChoices(layers, c -> true, r -> true));
        for (int i = 0; i < truthModel.size(); i++) {
            LayerPicker.Choice c = truthModel.get(i);
            if (c.label().startsWith("File: ") && !ts.contains(c)) {
                ts.add(c);
            }
        }
        truthModel.clear();
        List<Integer> sel = new ArrayList<>();
        for (LayerPicker.Choice c : ts) {
            truthModel.addElement(c);
            if (selT.stream().anyMatch(s -> s.label().equals(c.label()))) {
                sel.add(truthModel.size() - 1);
            }
        }
        truths.setSelectedIndices(sel.stream().mapToInt(Integer::intValue).toArray());
        output.proposeFor(results.selected() == null ? null : results.selected().file());
    }

    /** What the tool reads for an entry: features, the map's open raster, or a raster file. */
    private AssessmentInput input(LayerPicker.Choice c) {
        if (c.input() != null) {
            return new AssessmentInput.Features(c.input(), classColours(c));
        }
        for (LayerInfo l : context.layers().layers()) {
            if (l.name().equals(c.label()) && l.raster().isPresent() && l.path().map(c.raster()::equals).orElse(false)) {
                return new AssessmentInput.RasterLayer(l.name(), l.raster().get());
            }
        }
        return new AssessmentInput.RasterFile(c.raster());
    }

    /** The colours the map draws a map layer's classes in (by class name), for the report's charts. */
    private Map<String, Integer> classColours(LayerPicker.Choice c) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (LayerInfo l : context.layers().layers()) {
            if (c.features() != null && l.features().orElse(null) == c.features()) {
                l.currentStyle().ifPresent(s -> s.classColors().forEach((k, v) -> out.put(String.valueOf(k), v.getRGB() & 0xFFFFFF)));
            }
        }
        return out;
    }

    /**
     * The parameters the form describes, with the values of the declared parameters that have no widget of the
     * dialog's own (UserException when something is missing).
     */
    AccuracyAssessmentParameters parameters() {
        return declared.parameters(widgetParameters(), null);
    }

    /** The record of the dialog's own widgets. */
    private AccuracyAssessmentParameters widgetParameters() {
        LayerPicker.Choice r = results.selected();
        if (r == null) {
            throw new UserException("Choose the results.", "Pick a layer of the map, or Browse… for a file.");
        }
        List<AssessmentInput> gt = truths.getSelectedValuesList().stream().map(this::input).toList();
        if (gt.isEmpty()) {
            throw new UserException("Choose the ground truth.", "Select one or more layers (Ctrl-click), or Browse… for a file.");
        }
        if (output.isBlank()) {
            throw new UserException("Choose the report folder.", "");
        }
        return new AccuracyAssessmentParameters(input(r), gt, (AssessmentMode) mode.getSelectedItem(), classField.getText(),
                truthClassField.getText(), null, ((Number) iou.getValue()).doubleValue(),
                ((Number) confidence.getValue()).doubleValue(), ObjectMatching.AUTO, null, null, model.getText(),
                output.path(), overwrite.isSelected());
    }

    private final class Steps implements ToolRunner.Steps<AccuracyAssessmentParameters, AccuracyAssessmentTool.Plan,
            AccuracyAssessmentResult> {
        @Override
        public String missing() {
            return null; // Run says what is missing (in red), as it always did
        }

        @Override
        public void setIdle(boolean idle) {
            results.setEnabled(idle);
            output.setEnabled(idle);
            for (JComponent c : List.of(truths, truthBrowse, mode, classField, truthClassField, iou, confidence, model,
                    modelBrowse, overwrite)) {
                c.setEnabled(idle);
            }
            declared.more().setEnabled(idle);
        }

        @Override
        public AccuracyAssessmentParameters parameters() {
            return AccuracyAssessmentDialog.this.parameters();
        }

        @Override
        public Path output(AccuracyAssessmentParameters p) {
            return p.outFolder();
        }

        @Override
        public Path existingOutput(AccuracyAssessmentParameters p) {
            return null; // the Replace box decides; the tool refuses a folder holding a report without it
        }

        @Override
        public Map<Existing, String> existingChoices() {
            return Map.of();
        }

        @Override
        public AccuracyAssessmentParameters withExisting(AccuracyAssessmentParameters p, Existing choice) {
            return p;
        }

        @Override
        public AccuracyAssessmentTool.Plan plan(AccuracyAssessmentParameters p) throws IOException {
            return new AccuracyAssessmentTool().plan(p);
        }

        @Override
        public void discard(AccuracyAssessmentTool.Plan plan) {
            ToolRunner.closeQuietly(plan);
        }

        @Override
        public LayerService.StreamingLayer layer(AccuracyAssessmentTool.Plan plan, AccuracyAssessmentParameters p) {
            return null; // a report, not a layer
        }

        @Override
        public String title(AccuracyAssessmentTool.Plan plan) {
            return "Accuracy Assessment";
        }

        @Override
        public String startText(AccuracyAssessmentTool.Plan plan) {
            return "Comparing (" + plan.mode().title().toLowerCase(Locale.ROOT) + ")…";
        }

        @Override
        public long total(AccuracyAssessmentTool.Plan plan) {
            return 0;
        }

        @Override
        public AccuracyAssessmentResult run(AccuracyAssessmentTool.Plan plan, Progress progress,
                                            List<ResultSink<Feature>> sinks) throws IOException {
            try (AccuracyAssessmentTool.Plan owned = plan) {
                return owned.run(progress);
            }
        }

        @Override
        public String progressLine(JobProgress p) {
            return " ";
        }

        @Override
        public String summary(AccuracyAssessmentResult result) {
            return "Report written to " + result.files().folder();
        }

        @Override
        public List<ToolRunner.Action> actions(AccuracyAssessmentResult result, LayerInfo layer) {
            Path html = result.files().report();
            boolean can = Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE);
            return List.of(new ToolRunner.Action("openBrowser", "Open in browser", can ? "Open " + html + " in the web browser"
                    : "This desktop has no web browser to open; the report is " + html, can, () -> {
                        try {
                            Desktop.getDesktop().browse(html.toUri());
                        } catch (IOException | UnsupportedOperationException e) {
                            javax.swing.JOptionPane.showMessageDialog(AccuracyAssessmentDialog.this,
                                    "Cannot open a browser: " + e.getMessage() + ". The report is " + html,
                                    "Open in browser", javax.swing.JOptionPane.WARNING_MESSAGE);
                        }
                    }));
        }

        @Override
        public void finished(AccuracyAssessmentResult result) {
            showReport(result.files().report());
        }
    }

    /** Shows a report.html in the dialog (images load relative to it). */
    void showReport(Path html) {
        try {
            // a new document each time, so that a rerun into the same folder is read again
            report.setDocument(report.getEditorKit().createDefaultDocument());
            report.setPage(html.toUri().toURL());
        } catch (IOException e) {
            report.setText("<html><body><p>Cannot show " + html + ": " + e.getMessage() + "</p></body></html>");
        }
    }

    // for tests
    JComboBox<LayerPicker.Choice> resultsCombo() {
        return results.combo();
    }

    JList<LayerPicker.Choice> truthList() {
        return truths;
    }

    JEditorPane reportPane() {
        return report;
    }

    /** The command-line preview (with Save job…). */
    CommandLinePreview commandPreview() {
        return command;
    }
}
