package org.deepraster.toolbox;

import java.awt.Dimension;
import java.awt.Window;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JComboBox;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.job.JobProgress;
import org.deepraster.job.ResultSink;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.nms.NmsParameters;
import org.deepraster.tool.nms.NmsSpec;
import org.deepraster.tool.nms.NmsTool;
import org.deepraster.toolbox.ToolRunner.Existing;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Non Maximum Suppression for any layer with a confidence field: the input layer (the map's vector
 * layers; Browse… opens a file on the map), the confidence field (the layer's numeric fields), the
 * class field (optional: without it all features are one class), the max overlap ratio and the
 * output. Run builds the same {@link NmsParameters} as {@code deepraster nms}, runs {@link NmsTool}
 * through the host's task service and opens the output on the map. The input must be a layer read
 * from a file (NmsTool reads the file; a GeoPackage layer is read from its table). EDT only.
 */
public final class NmsDialog extends ToolDialog {

    public static final String TOOL_ID = "non-max-suppression";
    static final NmsSpec SPEC = new NmsSpec();
    static final String NO_CLASS = "None: all features are one class";
    /** The declared parameters this dialog shows with widgets of its own (the others go to "Other parameters"). */
    static final java.util.Set<String> SHOWN = ParameterForm.union(ParameterForm.DECIDED_BY_THE_RUN,
            java.util.Set.of(NmsSpec.IN_FEATURES, NmsSpec.CONFIDENCE_FIELD, NmsSpec.OUT_FEATURES, NmsSpec.CLASS_FIELD,
                    NmsSpec.MAX_OVERLAP));

    private final LayerPicker input = new LayerPicker("nms.input", null, c -> true, NmsDialog::withConfidence);
    private final JComboBox<String> confidence = new JComboBox<>();
    private final JComboBox<String> classField = new JComboBox<>();
    private final JSpinner maxOverlap = CommandLinePreview.ratioSpinner(DetectObjectsDialog.DEFAULT_OVERLAP);
    private final OutputField output = new OutputField("nms", "_nms");
    /** The declarations behind the form: the preview, Save job… and the declared parameters without a widget here. */
    private final DeclaredParameters<NmsParameters> declared;
    private final CommandLinePreview command;
    private final ToolRunner<NmsParameters, NmsParameters, NmsTool.Result> runner;
    /** The layer the fields were listed for. */
    private FeatureCollection fieldsOf;

    public NmsDialog(Window owner, ToolDescriptor tool, PluginContext context) {
        this(owner, tool, context, SPEC);
    }

    /** With the declarations of {@code spec} (a test adds one to see it appear in the form and the command line). */
    NmsDialog(Window owner, ToolDescriptor tool, PluginContext context, ToolSpec<NmsParameters> spec) {
        super(owner, tool, "Non Maximum Suppression", context);
        declared = new DeclaredParameters<>("nms", spec, SHOWN);
        command = declared.command();
        runner = new ToolRunner<>(this, "nms", context, "Remove the overlapping, less confident features", new Steps());
        buildUi();
        startFollowingLayers();
        changed();
    }

    @Override
    protected ToolRunner<?, ?, ?> runner() {
        return runner;
    }

    /** The top-most layer with a field named like a confidence, else the top-most layer. */
    static LayerPicker.Choice withConfidence(List<LayerPicker.Choice> topDown) {
        return topDown.stream().filter(c -> c.features().schema().field("Confidence").isPresent()).findFirst()
                .orElse(topDown.isEmpty() ? null : topDown.get(0));
    }

    private void buildUi() {
        confidence.setName("nms.confidence");
        classField.setName("nms.classField");
        maxOverlap.setName("nms.maxOverlap");
        maxOverlap.setToolTipText("Intersection over union above which the less confident feature goes (max_overlap_ratio)");
        input.browseButton().setToolTipText("Open a GeoPackage, Shapefile or GeoJSON file on the map and use it");
        input.setOnBrowse(file -> context.layers().open(file).thenAccept(added -> SwingUtilities.invokeLater(() -> {
            if (!added.isEmpty() && isDisplayable()) {
                input.select(added.get(0).name());
            }
        })));
        input.combo().addActionListener(e -> inputChanged());
        confidence.addActionListener(e -> changed());
        classField.addActionListener(e -> changed());
        maxOverlap.addChangeListener(e -> changed());
        output.addChangeListener(this::changed);

        JPanel form = FormRows.form();
        FormRows r = new FormRows(form);
        r.title("Input features", input.combo()).line(input.combo(), input.browseButton());
        r.title("Confidence score field", confidence).line(confidence, null);
        r.title("Class value field (optional)", classField).line(classField, null);
        r.title("Max overlap ratio", maxOverlap);
        JPanel ratio = new JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.LEADING, 0, 0));
        ratio.add(maxOverlap);
        r.line(ratio, null);
        r.title("Output feature class", output.field()).line(output.field(), output.browseButton());
        r.full(declared.more().component(), 0);
        declared.more().addChangeListener(this::changed);
        r.title("Command line", command.component()).line(command.component(), null);
        layOut(form, new Dimension(720, 640));
    }

    @Override
    protected void layersChanged(List<LayerInfo> layers) {
        input.refresh(layers);
        inputChanged();
    }

    /** A new input: its fields fill the combos (a confidence-like field and "Class" preselected). */
    private void inputChanged() {
        LayerPicker.Choice c = input.selected();
        FeatureCollection f = c == null ? null : c.features();
        if (f != fieldsOf || f == null) {
            fieldsOf = f;
            String keepConf = (String) confidence.getSelectedItem();
            String keepClass = (String) classField.getSelectedItem();
            List<String> numeric = new ArrayList<>();
            List<String> all = new ArrayList<>();
            all.add(NO_CLASS);
            if (f != null) {
                for (Field field : f.schema().fields()) {
                    if (field.type() == FieldType.REAL || field.type() == FieldType.INTEGER) {
                        numeric.add(field.name());
                    }
                    all.add(field.name());
                }
            }
            confidence.setModel(new DefaultComboBoxModel<>(numeric.toArray(String[]::new)));
            classField.setModel(new DefaultComboBoxModel<>(all.toArray(String[]::new)));
            confidence.setSelectedItem(numeric.contains(keepConf) ? keepConf : numeric.stream()
                    .filter(n -> n.toLowerCase(java.util.Locale.ROOT).matches(".*(confidence|score).*")).findFirst()
                    .orElse(numeric.isEmpty() ? null : numeric.get(0)));
            classField.setSelectedItem(all.contains(keepClass) ? keepClass
                    : all.stream().filter("Class"::equalsIgnoreCase).findFirst().orElse(NO_CLASS));
        }
        Path file = c == null ? null : c.file();
        output.proposeFor(file);
        changed();
    }

    private void changed() {
        runner.update();
        declared.follow(new Steps().missing(), this::widgetParameters, null);
    }

    /** The {@code deepraster nms} arguments for these parameters: the options that differ from the declared defaults. */
    public static List<String> commandArgs(NmsParameters p) {
        return CommandLines.args(SPEC, SPEC.values(p));
    }

    /**
     * The parameters the form describes, as the command line would build them (overwrite off), with the values of
     * the declared parameters that have no widget of the dialog's own; EDT.
     */
    public NmsParameters parameters() {
        return declared.parameters(widgetParameters(), null);
    }

    /** The record of the dialog's own widgets. */
    private NmsParameters widgetParameters() {
        LayerPicker.Choice c = input.selected();
        if (c == null) {
            throw new UserException("No input features chosen.", "Open a layer with a confidence field on the map, or Browse… to one.");
        }
        if (c.file() == null) {
            throw new UserException("The layer " + c.label() + " is not saved in a file.",
                    "Save it (e.g. as a GeoPackage), open that file and pick it.");
        }
        String conf = (String) confidence.getSelectedItem();
        if (conf == null) {
            throw new UserException("The layer " + c.label() + " has no numeric field for the confidence.",
                    "Choose a layer with a confidence score, e.g. the output of Detect Objects.");
        }
        String cls = (String) classField.getSelectedItem();
        Path out = output.path();
        if (OutputField.effectiveOutput(out).toAbsolutePath().equals(c.file().toAbsolutePath())) {
            throw new UserException("The output is the input file.", "Name another output.");
        }
        return new NmsParameters(c.file(), c.table(), conf, out, NO_CLASS.equals(cls) || cls == null ? null : cls,
                ((Number) maxOverlap.getValue()).doubleValue(), false);
    }

    private final class Steps implements ToolRunner.Steps<NmsParameters, NmsParameters, NmsTool.Result> {
        @Override
        public String missing() {
            if (input.selected() == null) {
                return "Choose the input features";
            }
            if (confidence.getSelectedItem() == null) {
                return "The input has no numeric field for the confidence";
            }
            return output.isBlank() ? "Name the output" : null;
        }

        @Override
        public void setIdle(boolean idle) {
            input.setEnabled(idle);
            output.setEnabled(idle);
            confidence.setEnabled(idle);
            classField.setEnabled(idle);
            maxOverlap.setEnabled(idle);
            declared.more().setEnabled(idle);
        }

        @Override
        public NmsParameters parameters() {
            return NmsDialog.this.parameters();
        }

        @Override
        public Path output(NmsParameters p) {
            return p.outFeatureClass();
        }

        @Override
        public Map<Existing, String> existingChoices() {
            return Map.of(Existing.OVERWRITE, "replace it.");
        }

        @Override
        public NmsParameters withExisting(NmsParameters p, Existing choice) {
            return new NmsParameters(p.inFeatureClass(), p.layer(), p.confidenceScoreField(), p.outFeatureClass(),
                    p.classValueField(), p.maxOverlapRatio(), choice == Existing.OVERWRITE);
        }

        @Override
        public NmsParameters plan(NmsParameters p) {
            return p; // NmsTool checks its inputs when it runs
        }

        @Override
        public void discard(NmsParameters plan) {
            // nothing was opened
        }

        @Override
        public LayerService.StreamingLayer layer(NmsParameters plan, NmsParameters p) {
            return null; // the output is opened on the map when written
        }

        @Override
        public String title(NmsParameters p) {
            return "Non Maximum Suppression → " + p.outFeatureClass().getFileName();
        }

        @Override
        public String startText(NmsParameters p) {
            return "Reading " + p.inFeatureClass().getFileName() + " and suppressing overlaps…";
        }

        @Override
        public long total(NmsParameters p) {
            return -1;
        }

        @Override
        public NmsTool.Result run(NmsParameters p, Progress progress, List<ResultSink<Feature>> sinks) throws Exception {
            return new NmsTool().run(p);
        }

        @Override
        public JobProgress progressOf(NmsTool.Result result) {
            return null;
        }

        @Override
        public String progressLine(JobProgress p) {
            return ToolRunner.progressLine(p, "features");
        }

        @Override
        public String summary(NmsTool.Result r) {
            return r.describe() + "\nOutput: " + r.output() + " (table " + r.table() + ")";
        }

        @Override
        public UserException failure(NmsTool.Result result) {
            return null;
        }

        @Override
        public void finished(NmsTool.Result r) {
            LayerStyle style = classStyle(input.selected() == null ? null : input.selected().features());
            context.layers().open(r.output()).thenAccept(added -> SwingUtilities.invokeLater(() -> {
                for (LayerInfo l : added) {
                    if (style != null) {
                        context.layers().setStyle(l, style); // same class, same colour as the input
                    }
                    runner.adopt(l);
                }
            }));
        }
    }

    /** The style by class of the map layer holding {@code features} (detections drawn in their classes' colours), or null. */
    private LayerStyle classStyle(org.deepraster.feature.FeatureCollection features) {
        if (features == null) {
            return null;
        }
        for (LayerInfo l : context.layers().layers()) {
            if (l.features().orElse(null) == features) {
                return l.currentStyle().filter(st -> st.classField() != null && !st.classColors().isEmpty()).orElse(null);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ for tests

    public String commandLine() {
        return command.text();
    }

    LayerPicker inputPicker() {
        return input;
    }

    JComboBox<String> confidenceCombo() {
        return confidence;
    }

    JComboBox<String> classCombo() {
        return classField;
    }

    /** The command-line preview (with Save job…). */
    CommandLinePreview commandPreview() {
        return command;
    }
}
