package org.deepraster.toolbox;

import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsParameters.OutputGeometry;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.detectobjects.DetectObjectsSpec;
import org.deepraster.toolbox.ToolRunner.Existing;
import org.deepraster.toolbox.form.ModelPanel;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Detect Objects Using Deep Learning: the input raster (map layers or Browse…), the detector with
 * its generated arguments (threshold, padding, nms_overlap, batch_size, exclude_pad_detections …),
 * Non Maximum Suppression across tiles with its max overlap ratio, the confidence and class field
 * names, boxes or centre points, the output, the current map extent or a mask polygon layer, the
 * environments, and the equivalent command line (updated as the form changes). Run builds the same
 * {@link DetectObjectsParameters} as {@code deepraster detect-objects}; detections stream onto a map
 * layer coloured by class, tile by tile, with their Confidence; the summary counts them per class.
 * An existing output can be overwritten, or resumed (the tiles an earlier, cancelled or killed run
 * finished are skipped; the map layer starts with what the file holds). Create and use on the EDT only.
 */
public final class DetectObjectsDialog extends ToolDialog {

    public static final String TOOL_ID = DetectObjectsSpec.ID;
    static final DetectObjectsSpec SPEC = new DetectObjectsSpec();
    /** The declared parameters this dialog shows with widgets of its own (or decides by its Overwrite / Resume question). */
    static final Set<String> SHOWN = ParameterForm.union(EnvironmentsPanel.SHOWN, ParameterForm.DECIDED_BY_THE_RUN,
            Set.of(DetectObjectsSpec.IN_RASTER, DetectObjectsSpec.MODEL, DetectObjectsSpec.ARGUMENTS,
                    DetectObjectsSpec.RUN_NMS, DetectObjectsSpec.MAX_OVERLAP, DetectObjectsSpec.CONFIDENCE_FIELD,
                    DetectObjectsSpec.CLASS_FIELD, DetectObjectsSpec.GEOMETRY, DetectObjectsSpec.RESAMPLE,
                    DetectObjectsSpec.OUTPUT), Set.copyOf(DetectObjectsSpec.INSTANCE_PARAMETERS));
    static final String NO_MASK = "None";
    /** NMS across tiles is on in the dialog (tiles overlap by their padding, so a box near a border is found twice). */
    static final double DEFAULT_OVERLAP = 0.3;
    private static final String FIELD_NAME_HINT = "Use letters, digits and underscores, starting with a letter.";

    private final InferenceEngine engine;
    private final RasterPicker raster = new RasterPicker("detect", false);
    private final ModelPanel model = new ModelPanel();
    private final JCheckBox runNms = new JCheckBox("Non Maximum Suppression across tiles", true);
    private final JSpinner maxOverlap = CommandLinePreview.ratioSpinner(DetectObjectsDialog.DEFAULT_OVERLAP);
    private final JTextField confidenceField = new JTextField("Confidence", 14);
    private final JTextField classField = new JTextField("Class", 14);
    private final JComboBox<String> geometry = new JComboBox<>(new String[] {"Boxes", "Centre points"});
    private final JCheckBox resample = new JCheckBox("Resample the raster to the model's cell size");
    private final OutputField output = new OutputField("detect", "_detected");
    private final EnvironmentsPanel environments = new EnvironmentsPanel("detect",
            "Only detect in what the map shows now");
    private final LayerPicker mask = new LayerPicker("detect.mask", NO_MASK, LayerPicker::polygons, l -> null);
    private final ToolSpec<DetectObjectsParameters> spec;
    private final DeclaredParameters<DetectObjectsParameters> declared;
    /** Mask threshold is a model argument; these shape instance polygons: shown only for an instance model. */
    private final ParameterForm instanceForm;
    private final CommandLinePreview command;
    /** The declared parameters this form has no widget of its own for (processing mode, output CRS, …). */
    private final ParameterForm more;
    private final ToolRunner<DetectObjectsParameters, DetectObjectsTool.Plan, DetectObjectsResult> runner;

    public DetectObjectsDialog(Window owner, ToolDescriptor tool, PluginContext context, InferenceEngine engine) {
        this(owner, tool, context, engine, SPEC);
    }

    /** With the declarations of {@code spec} (a test adds one to see it appear in the form and the command line). */
    DetectObjectsDialog(Window owner, ToolDescriptor tool, PluginContext context, InferenceEngine engine,
                        ToolSpec<DetectObjectsParameters> spec) {
        super(owner, tool, "Detect Objects", context);
        this.engine = engine;
        this.spec = spec;
        this.declared = new DeclaredParameters<>("detect", spec, SHOWN);
        declared.command().useEngine(engine);
        this.more = declared.more();
        java.util.Set<String> notInstance = new java.util.HashSet<>();
        spec.parameters().forEach(q -> notInstance.add(q.name()));
        notInstance.removeAll(DetectObjectsSpec.INSTANCE_PARAMETERS);
        this.instanceForm = new ParameterForm("detect", spec, notInstance).titled("Instance polygons (instance models)");
        this.instanceForm.setShown(false);
        declared.alsoFrom(instanceForm);
        this.command = declared.command();
        runner = new ToolRunner<>(this, "detect", context, "Check the inputs and detect", new Steps());
        buildUi();
        startFollowingLayers();
        model.picker().setFit(org.deepraster.toolbox.form.ModelFit.needs(org.deepraster.inference.DetectionDecoder.class, "an object detector", "Detect Objects")); // a model of another kind is refused when it loads
        model.picker().rememberFor(TOOL_ID); // the model this tool last ran with
        changed();
    }

    @Override
    protected ToolRunner<?, ?, ?> runner() {
        return runner;
    }

    private void buildUi() {
        runNms.setName("detect.runNms");
        ParameterForm.describe(runNms, spec, DetectObjectsSpec.RUN_NMS);
        maxOverlap.setName("detect.maxOverlap");
        ParameterForm.describe(maxOverlap, spec, DetectObjectsSpec.MAX_OVERLAP);
        confidenceField.setName("detect.confidenceField");
        ParameterForm.describe(confidenceField, spec, DetectObjectsSpec.CONFIDENCE_FIELD);
        classField.setName("detect.classField");
        ParameterForm.describe(classField, spec, DetectObjectsSpec.CLASS_FIELD);
        geometry.setName("detect.geometry");
        ParameterForm.describe(geometry, spec, DetectObjectsSpec.GEOMETRY);
        resample.setName("detect.resample");
        ParameterForm.describe(resample, spec, DetectObjectsSpec.RESAMPLE);
        mask.combo().setToolTipText("Only detect inside the polygons of this layer");
        output.follow(raster, this::changed);
        output.addChangeListener(this::changed);
        model.picker().addModelListener(m -> {
            instanceForm.setShown(isInstanceModel(m));
            instanceForm.component().revalidate();
            changed();
        });
        model.form().addChangeListener(e -> changed());
        runNms.addItemListener(e -> changed());
        maxOverlap.addChangeListener(e -> changed());
        geometry.addActionListener(e -> changed());
        resample.addItemListener(e -> changed());
        mask.combo().addActionListener(e -> changed());
        environments.addChangeListener(this::changed);
        more.addChangeListener(this::changed);
        instanceForm.addChangeListener(this::changed);
        TextFields.onChange(this::changed, confidenceField, classField);

        JPanel nms = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 0));
        nms.add(runNms);
        JLabel overlapLabel = new JLabel("   " + ParameterForm.label(spec, DetectObjectsSpec.MAX_OVERLAP) + " ");
        overlapLabel.setLabelFor(maxOverlap);
        nms.add(overlapLabel);
        nms.add(maxOverlap);
        JPanel fields = new JPanel(new java.awt.GridBagLayout());
        new FormRows(fields).pair(ParameterForm.label(spec, DetectObjectsSpec.CONFIDENCE_FIELD), confidenceField)
                .pair(ParameterForm.label(spec, DetectObjectsSpec.CLASS_FIELD), classField)
                .pair(ParameterForm.label(spec, DetectObjectsSpec.GEOMETRY), geometry);

        JPanel form = FormRows.form();
        FormRows r = new FormRows(form);
        r.title(ParameterForm.label(spec, DetectObjectsSpec.IN_RASTER), raster.combo()).line(raster.combo(), raster.browseButton());
        r.full(model, 1);
        r.full(nms, 0);
        r.full(fields, 0);
        r.full(instanceForm.component(), 0);
        r.full(resample, 0);
        r.title(ParameterForm.label(spec, DetectObjectsSpec.OUTPUT), output.field()).line(output.field(), output.browseButton());
        r.full(environments.extentBox(), 0);
        r.title(ParameterForm.label(spec, EnvironmentParameters.MASK) + " (optional)", mask.combo())
                .line(mask.combo(), mask.browseButton());
        environments.addSection(r);
        r.full(more.component(), 0);
        r.title("Command line", command.component()).line(command.component(), null);
        layOut(form, new Dimension(800, 900));
    }

    @Override
    protected void layersChanged(List<LayerInfo> layers) {
        raster.refresh(layers);
        mask.refresh(layers);
        output.proposeFor(raster.first());
        changed();
    }

    /** An instance-segmentation model (ModelType InstanceDetection: Mask R-CNN, YOLO segmentation). */
    static boolean isInstanceModel(org.deepraster.toolbox.form.LoadedModel m) {
        return m != null && m.definition() != null
                && m.definition().modelType() == org.deepraster.model.ModelType.INSTANCE_DETECTION;
    }

    /** Whether the instance options are shown (for tests). */
    boolean instanceOptionsShown() {
        return instanceForm.isShown();
    }

    /** The form changed: Run's state and the command line follow. */
    private void changed() {
        runner.update();
        declared.follow(new Steps().missing(), () -> widgetParameters(false), mask.commandLineFile());
    }

    /**
     * The {@code deepraster detect-objects} arguments for these parameters: the options that differ
     * from the declared defaults. {@code maskFile} is the file of the mask layer (when one is chosen).
     */
    public static List<String> commandArgs(DetectObjectsParameters p, String maskFile) {
        return CommandLines.args(SPEC, values(p, maskFile));
    }

    /** The values of these parameters, the mask named by its file. */
    static ParameterValues values(DetectObjectsParameters p, String maskFile) {
        ParameterValues v = SPEC.values(p);
        if (maskFile != null) {
            v.setObject(EnvironmentParameters.MASK, v.object(EnvironmentParameters.MASK), maskFile);
        }
        return v;
    }

    /**
     * The parameters the form describes, as the command line would build them (overwrite off). On
     * the EDT. Throws {@link UserException} for what is missing or not valid.
     */
    public DetectObjectsParameters parameters() {
        return declared.parameters(widgetParameters(true), mask.commandLineFile());
    }

    /** The parameters of the dialog's own widgets. */
    private DetectObjectsParameters widgetParameters(boolean withMask) {
        Path in = raster.single();
        String source = model.checkedSource();
        Path out = output.path();
        String conf = TextFields.fieldName(confidenceField, "confidence score", FIELD_NAME_HINT);
        String cls = TextFields.fieldName(classField, "class value", FIELD_NAME_HINT);
        if (conf.equalsIgnoreCase(cls) && !conf.isEmpty()) {
            throw new UserException("The confidence and class fields are both named '" + conf + "'.",
                    "Give them different names.");
        }
        Environments env = environments.environments(context.map(), mask.mask(withMask));
        double ratio = runNms.isSelected() ? ((Number) maxOverlap.getValue()).doubleValue() : 0;
        return new DetectObjectsParameters(in, source, out, model.arguments(), runNms.isSelected(), conf, cls, ratio,
                geometry.getSelectedIndex() == 1 ? OutputGeometry.CENTER_POINTS : OutputGeometry.BOXES, env, false)
                .withResampleToModelCellSize(resample.isSelected());
    }

    /** What a resumed output already holds (read by {@code plan} off the EDT, shown by {@code layer} on it). */
    private volatile List<org.deepraster.feature.Feature> earlier = List.of();

    private final class Steps implements ToolRunner.Steps<DetectObjectsParameters, DetectObjectsTool.Plan,
            DetectObjectsResult> {
        @Override
        public String missing() {
            return missingInputs(raster, model, output);
        }

        @Override
        public void setIdle(boolean idle) {
            raster.setEnabled(idle);
            mask.setEnabled(idle);
            output.setEnabled(idle);
            environments.setEnabled(idle);
            model.setIdle(idle);
            more.setEnabled(idle);
            instanceForm.setEnabled(idle);
            for (JComponent c : List.of(runNms, confidenceField, classField, geometry, resample)) {
                c.setEnabled(idle);
            }
            maxOverlap.setEnabled(idle && runNms.isSelected());
        }

        @Override
        public DetectObjectsParameters parameters() {
            return DetectObjectsDialog.this.parameters();
        }

        @Override
        public Path output(DetectObjectsParameters p) {
            return p.outDetectedObjects();
        }

        @Override
        public Map<Existing, String> existingChoices() {
            Map<Existing, String> m = new java.util.LinkedHashMap<>();
            m.put(Existing.OVERWRITE, "replace it and detect everything again.");
            m.put(Existing.RESUME, "keep it and detect only in the tiles an earlier run did not finish"
                    + " (GeoPackage outputs, same settings).");
            return m;
        }

        @Override
        public DetectObjectsParameters withExisting(DetectObjectsParameters p, Existing choice) {
            return p.withOutput(p.outDetectedObjects(), p.outputGeometry(), choice == Existing.OVERWRITE)
                    .withResume(choice == Existing.RESUME);
        }

        @Override
        public DetectObjectsTool.Plan plan(DetectObjectsParameters p) throws IOException {
            DetectObjectsTool.Plan plan = new DetectObjectsTool(engine).plan(p);
            try {
                earlier = p.resume() ? ToolRunner.tableFeatures(plan.output(), plan.outputSchema().name()) : List.of();
            } catch (IOException | RuntimeException e) {
                plan.close();
                throw e;
            }
            return plan;
        }

        @Override
        public LayerService.StreamingLayer layer(DetectObjectsTool.Plan plan, DetectObjectsParameters p) {
            FeatureCollection initial = new FeatureCollection(plan.outputSchema(), earlier, plan.output(), List.of());
            return context.layers().addStreamingLayer(initial, ToolRunner.styleFor(plan.classes(), p.classValueField())
                    .withLabel(LayerStyle.Label.classAndConfidence(p.classValueField(), p.confidenceScoreField()))
                    .withReview(LayerStyle.Review.DEFAULT));
        }

        @Override
        public String title(DetectObjectsTool.Plan plan) {
            return "Detect Objects → " + plan.output().getFileName();
        }

        @Override
        public String startText(DetectObjectsTool.Plan plan) {
            return plan.warnings().isEmpty() ? "Detecting with " + plan.definition().displayName() + " on "
                    + plan.executionProvider() + ": tiles of " + plan.tileSize() + " px, " + plan.padding()
                    + " px padding, batch size " + plan.batchSize() + "…"
                    : "Warning: " + String.join(" ", plan.warnings());
        }

        @Override
        public long total(DetectObjectsTool.Plan plan) {
            return plan.total();
        }

        @Override
        public DetectObjectsResult run(DetectObjectsTool.Plan plan, Progress progress, List<ResultSink<Feature>> sinks)
                throws IOException {
            try (DetectObjectsTool.Plan owned = plan) {
                return owned.run(progress, sinks);
            }
        }

        @Override
        public JobReport report(DetectObjectsResult result) {
            return result.report();
        }

        @Override
        public String progressLine(JobProgress p) {
            return ToolRunner.progressLine(p, "tiles");
        }

        @Override
        public String summary(DetectObjectsResult result) {
            return summaryText(result);
        }
    }

    /** The summary shown when a run ends: detections per class, NMS, skips, failures, time, output, warnings. */
    static String summaryText(DetectObjectsResult res) {
        String written = res.written() + " detections written" + (res.suppressed() > 0
                ? ", " + res.suppressed() + " duplicates removed by NMS across tiles" : "") + ".\n";
        return ToolRunner.summaryText(ToolRunner.head(res.summary(), res.report()), written, res.report(),
                "The output holds the detections of the tiles finished before the cancel.", res.warnings(),
                "Output: " + res.output() + " (table " + res.table() + ")");
    }

    // ------------------------------------------------------------------ for tests and the plugin

    public ModelPanel modelPanel() {
        return model;
    }


    /** The command line shown (and Save job…). */
    CommandLinePreview commandPreview() {
        return command;
    }

    /** The command line shown. */
    public String commandLine() {
        return command.text();
    }

    RasterPicker rasterPicker() {
        return raster;
    }

    LayerPicker maskPicker() {
        return mask;
    }
}
