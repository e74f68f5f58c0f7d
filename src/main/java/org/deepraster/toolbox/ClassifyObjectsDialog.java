package org.deepraster.toolbox;

import org.deepraster.tool.FeatureInput;

import org.deepraster.tool.classifyobjects.ClassifyObjectsSpec;

import java.awt.Dimension;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.swing.JComboBox;
import javax.swing.JPanel;
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
import org.deepraster.tool.classifyobjects.ClassifyObjectsParameters;
import org.deepraster.tool.classifyobjects.ClassifyObjectsResult;
import org.deepraster.tool.classifyobjects.ClassifyObjectsTool;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.toolbox.ToolRunner.Existing;
import org.deepraster.toolbox.form.ModelPanel;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Classify Objects Using Deep Learning, laid out like a geoprocessing pane: input raster(s) and
 * processing mode, input features (optional), the model with its generated arguments, the class
 * label field, the output, "use current map extent" and the environments. Built on the toolbox's
 * shared pieces ({@link RasterPicker}, {@link LayerPicker}, {@link OutputField},
 * {@link EnvironmentsPanel}, {@link ToolRunner}): Run builds the same {@link ClassifyObjectsParameters}
 * the command line builds, plans off the EDT (errors the user can fix are shown in red in the
 * dialog), asks what to do with an output that exists (Overwrite / Resume / Cancel), then runs
 * through the host's task service while results stream onto a new map layer coloured by class.
 * Create and use on the EDT only.
 */
public final class ClassifyObjectsDialog extends ToolDialog {

    public static final String TOOL_ID = "classify-objects";
    static final String NO_FEATURES = "None: each image is one object";

    private final InferenceEngine engine;
    private final RasterPicker raster = new RasterPicker("classify", true);
    private final JComboBox<String> mode = new JComboBox<>(new String[] {"Process as mosaicked image",
        "Process items separately"});
    private final LayerPicker features = new LayerPicker("classify.features", NO_FEATURES, c -> true,
            LayerPicker::bottomMostPolygons);
    private final ModelPanel model = new ModelPanel();
    private final JTextField labelField = new JTextField(ClassifyObjectsParameters.DEFAULT_LABEL_FIELD, 16);
    private final OutputField output = new OutputField("classify", "_classified");
    private final EnvironmentsPanel environments = new EnvironmentsPanel("classify",
            "Only classify the objects that intersect what the map shows now");
    private final ToolRunner<ClassifyObjectsParameters, Planned, ClassifyObjectsResult> runner;
    /** The declared parameters this dialog shows with widgets of its own (or decides by its Overwrite / Resume question). */
    static final java.util.Set<String> SHOWN = ParameterForm.union(EnvironmentsPanel.SHOWN, ParameterForm.DECIDED_BY_THE_RUN,
            java.util.Set.of(ClassifyObjectsSpec.IN_RASTER, ClassifyObjectsSpec.MODEL, ClassifyObjectsSpec.ARGUMENTS,
                    ClassifyObjectsSpec.IN_FEATURES, ClassifyObjectsSpec.LAYER, ClassifyObjectsSpec.OUTPUT,
                    ClassifyObjectsSpec.LABEL_FIELD, ClassifyObjectsSpec.PROCESSING_MODE));
    static final ClassifyObjectsSpec SPEC = new ClassifyObjectsSpec();
    private final DeclaredParameters<ClassifyObjectsParameters> declared = new DeclaredParameters<>("classify", SPEC, SHOWN);

    public ClassifyObjectsDialog(Window owner, ToolDescriptor tool, PluginContext context, InferenceEngine engine) {
        super(owner, tool, "Classify Objects", context);
        this.engine = engine;
        declared.command().useEngine(engine);
        runner = new ToolRunner<>(this, "classify", context, "Check the inputs and classify", new Steps());
        declared.nameLayers(v -> {
            if (v.object(ClassifyObjectsSpec.IN_FEATURES) instanceof FeatureInput.Layer) {
                v.setObject(ClassifyObjectsSpec.IN_FEATURES, v.object(ClassifyObjectsSpec.IN_FEATURES),
                        features.commandLineFile());
            }
        });
        buildUi();
        startFollowingLayers();
        model.picker().setFit(org.deepraster.toolbox.form.ModelFit.needs(org.deepraster.inference.ClassificationDecoder.class, "an object classifier", "Classify Objects")); // a model of another kind is refused when it loads
        model.picker().rememberFor(TOOL_ID); // the model this tool last ran with
        changed();
    }

    @Override
    protected ToolRunner<?, ?, ?> runner() {
        return runner;
    }

    private void buildUi() {
        mode.setName("classify.mode");
        features.browseButton().setToolTipText("A GeoPackage, Shapefile or GeoJSON file of points, lines or polygons");
        labelField.setName("classify.labelField");
        ParameterForm.describe(mode, SPEC, ClassifyObjectsSpec.PROCESSING_MODE);
        ParameterForm.describe(labelField, SPEC, ClassifyObjectsSpec.LABEL_FIELD);
        features.combo().setToolTipText(SPEC.newValues().parameter(ClassifyObjectsSpec.IN_FEATURES).helpLine());
        output.follow(raster, this::changed);
        output.addChangeListener(this::changed);
        model.picker().addModelListener(m -> changed());
        model.form().addChangeListener(e -> changed());
        mode.addActionListener(e -> changed());
        features.combo().addActionListener(e -> changed());
        TextFields.onChange(this::changed, labelField);
        environments.addChangeListener(this::changed);
        declared.more().addChangeListener(this::changed);

        JPanel form = FormRows.form();
        FormRows r = new FormRows(form);
        r.title(ParameterForm.label(SPEC, ClassifyObjectsSpec.IN_RASTER), raster.combo()).line(raster.combo(), raster.browseButton());
        r.title(ParameterForm.label(SPEC, ClassifyObjectsSpec.PROCESSING_MODE), mode).line(mode, null);
        r.title(ParameterForm.label(SPEC, ClassifyObjectsSpec.IN_FEATURES) + " (optional)", features.combo())
                .line(features.combo(), features.browseButton());
        r.full(model, 1);
        r.title(ParameterForm.label(SPEC, ClassifyObjectsSpec.LABEL_FIELD), labelField).line(labelField, null);
        r.title(ParameterForm.label(SPEC, ClassifyObjectsSpec.OUTPUT), output.field()).line(output.field(), output.browseButton());
        r.full(environments.extentBox(), 0);
        environments.addSection(r);
        r.full(declared.more().component(), 0);
        r.title("Command line", declared.command().component()).line(declared.command().component(), null);
        layOut(form, new Dimension(800, 900));
    }

    @Override
    protected void layersChanged(List<LayerInfo> layers) {
        raster.refresh(layers);
        features.refresh(layers);
        output.proposeFor(raster.first());
        runner.update();
    }

    /** Selects rasters given as files or folders (adds an entry as Browse… does). */
    public void chooseRasters(List<Path> paths) {
        raster.choose(paths);
    }

    /** Selects a vector file as the input features. */
    public void chooseFeatures(Path file) {
        features.choose(file);
    }

    /**
     * The parameters the form describes, as the command line would build them (overwrite and
     * resume off). On the EDT. Throws {@link UserException} for what is missing or not valid.
     */
    public ClassifyObjectsParameters parameters() {
        return declared.parameters(widgetParameters(), null);
    }

    /** The form changed: Run's state and the command line follow. */
    private void changed() {
        runner.update();
        declared.follow(new Steps().missing(), this::widgetParameters, null);
    }

    /** The command line shown (and Save job…). */
    CommandLinePreview commandPreview() {
        return declared.command();
    }

    /** The command line shown. */
    public String commandLine() {
        return declared.command().text();
    }

    /** The parameters of the dialog's own widgets. */
    private ClassifyObjectsParameters widgetParameters() {
        if (raster.paths().isEmpty()) {
            throw new UserException("No input raster chosen.",
                    "Open a raster on the map and pick it, or use Browse… to choose files or a folder of images.");
        }
        String source = model.checkedSource();
        Path out = output.path();
        String label = TextFields.fieldName(labelField, "class label",
                "Use letters, digits and underscores, starting with a letter, e.g. ClassLabel.");
        ProcessingMode pm = mode.getSelectedIndex() == 1 ? ProcessingMode.PROCESS_ITEMS_SEPARATELY
                : ProcessingMode.PROCESS_AS_MOSAICKED_IMAGE;
        return new ClassifyObjectsParameters(raster.paths(), source, features.input(), out, label, pm,
                model.arguments(), environments.environments(context.map(), null), false, false);
    }

    /** A plan and, when resuming, what the earlier run wrote (to show it on the new layer). */
    private record Planned(ClassifyObjectsTool.Plan plan, List<Feature> earlier) {
    }

    private final class Steps implements ToolRunner.Steps<ClassifyObjectsParameters, Planned, ClassifyObjectsResult> {
        @Override
        public String missing() {
            return missingInputs(raster, model, output);
        }

        @Override
        public void setIdle(boolean idle) {
            raster.setEnabled(idle);
            features.setEnabled(idle);
            output.setEnabled(idle);
            environments.setEnabled(idle);
            labelField.setEnabled(idle);
            model.setIdle(idle);
            declared.more().setEnabled(idle);
            mode.setEnabled(idle && raster.isSeveral());
        }

        @Override
        public ClassifyObjectsParameters parameters() {
            return ClassifyObjectsDialog.this.parameters();
        }

        @Override
        public Path output(ClassifyObjectsParameters p) {
            return p.outFeatureClass();
        }

        @Override
        public Map<Existing, String> existingChoices() {
            Map<Existing, String> m = new LinkedHashMap<>();
            m.put(Existing.OVERWRITE, "replace it and classify everything again.");
            m.put(Existing.RESUME, "keep it and classify only the objects it does not hold yet.");
            return m;
        }

        @Override
        public ClassifyObjectsParameters withExisting(ClassifyObjectsParameters p, Existing choice) {
            return p.withOutput(p.outFeatureClass(), choice == Existing.OVERWRITE, choice == Existing.RESUME);
        }

        @Override
        public Planned plan(ClassifyObjectsParameters p) throws IOException {
            ClassifyObjectsTool.Plan plan = new ClassifyObjectsTool(engine).plan(p);
            try {
                return new Planned(plan, p.resume() ? earlierResults(plan) : List.of());
            } catch (IOException | RuntimeException e) {
                plan.close();
                throw e;
            }
        }

        @Override
        public void discard(Planned planned) {
            ToolRunner.closeQuietly(planned.plan());
        }

        @Override
        public LayerService.StreamingLayer layer(Planned planned, ClassifyObjectsParameters p) {
            ClassifyObjectsTool.Plan plan = planned.plan();
            // when resuming, the new layer starts with what the earlier run wrote
            FeatureCollection initial = new FeatureCollection(plan.outputSchema(), planned.earlier(), plan.output(), List.of());
            return context.layers().addStreamingLayer(initial, ToolRunner.styleFor(plan.classes(), p.classLabelField())
                    .withLabel(LayerStyle.Label.classAndConfidence(p.classLabelField(),
                            org.deepraster.tool.classifyobjects.ClassifyObjectsTool.CONFIDENCE_FIELD))
                    .withReview(LayerStyle.Review.DEFAULT));
        }

        @Override
        public String title(Planned planned) {
            return "Classify Objects → " + planned.plan().output().getFileName();
        }

        @Override
        public String startText(Planned planned) {
            ClassifyObjectsTool.Plan plan = planned.plan();
            return plan.warnings().isEmpty() ? "Classifying with " + plan.definition().displayName() + " on "
                    + plan.executionProvider() + "…" : "Warning: " + String.join(" ", plan.warnings());
        }

        @Override
        public long total(Planned planned) {
            return planned.plan().total();
        }

        @Override
        public ClassifyObjectsResult run(Planned planned, Progress progress, List<ResultSink<Feature>> sinks)
                throws IOException {
            try (ClassifyObjectsTool.Plan owned = planned.plan()) {
                return owned.run(progress, sinks);
            }
        }

        @Override
        public JobReport report(ClassifyObjectsResult result) {
            return result.report();
        }

        @Override
        public String progressLine(JobProgress p) {
            return ToolRunner.progressLine(p, "objects");
        }

        @Override
        public String summary(ClassifyObjectsResult result) {
            return summaryText(result);
        }

        @Override
        public UserException failure(ClassifyObjectsResult res) {
            return ToolRunner.stopped(res.report(),
                    "What was finished is in the output; fix the cause and run again with Resume.");
        }
    }

    /** The features an earlier run wrote to the output table (to show them when resuming); off the EDT. */
    private static List<Feature> earlierResults(ClassifyObjectsTool.Plan plan) throws IOException {
        return ToolRunner.tableFeatures(plan.output(), plan.outputSchema().name());
    }

    /** The summary shown when a run ends: counts per class, skips, failures, time, output, warnings. */
    static String summaryText(ClassifyObjectsResult res) {
        return ToolRunner.summaryText(ToolRunner.head(res.summary(), res.report()), res.outsideExtent() > 0
                ? res.outsideExtent() + " objects outside the processing extent were not classified.\n" : "",
                res.report(), "The output keeps every object finished before the cancel; run again and choose Resume"
                + " to classify the rest.", res.warnings(), "Output: " + res.output() + " (table " + res.table() + ")");
    }

    // ------------------------------------------------------------------ for tests and the plugin

    /** The model part (picker, info, arguments). */
    public ModelPanel modelPanel() {
        return model;
    }

    /** Selects a raster of the combo by its label (a map layer's name). */
    void selectRaster(String label) {
        raster.select(label);
    }

    /** The names listed in a combo (for tests). */
    static <T> List<String> items(JComboBox<T> combo) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < combo.getItemCount(); i++) {
            out.add(String.valueOf(combo.getItemAt(i)));
        }
        return out;
    }

    JComboBox<RasterPicker.Choice> rasterCombo() {
        return raster.combo();
    }

    JComboBox<LayerPicker.Choice> featuresCombo() {
        return features.combo();
    }
}
