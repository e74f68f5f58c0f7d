package org.deepraster.toolbox;

import java.awt.Dimension;
import java.awt.GridBagLayout;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ClassInfo;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.classifypixels.ClassifiedBlock;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters.VectorOutput;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.tool.classifypixels.ClassifyPixelsSpec;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ParameterValues;
import org.deepraster.toolbox.ToolRunner.Existing;
import org.deepraster.toolbox.form.ModelPanel;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Classify Pixels Using Deep Learning: the input raster (map layers or Browse…), the pixel
 * classifier (an .emd of ModelType ImageClassification or a Deepness Segmentor ONNX) with its
 * generated arguments (padding, batch_size, blend_tiles, threshold …), the output GeoTIFF (proposed
 * as {@code <raster>_classified.tif}), an optional confidence raster beside it, the current map
 * extent or a mask polygon layer, the environments, a collapsed "Polygons (optional)" section (polygons
 * per class: output, minimum area, simplify tolerance, classes to regularise) and the equivalent
 * command line. Run builds the same {@link ClassifyPixelsParameters} as {@code deepraster
 * classify-pixels}. While it runs, each finished block is painted onto a streaming raster layer in
 * the class colours ({@link LayerService#addStreamingRaster}); when it ends that layer is replaced by
 * the written GeoTIFF (drawn in its palette), also after a cancel (the output then holds the finished
 * blocks, the rest NoData); polygons, when asked for, are opened on the map too. Create and use on the EDT only.
 */
public final class ClassifyPixelsDialog extends ToolDialog {

    public static final String TOOL_ID = ClassifyPixelsSpec.ID;
    static final ClassifyPixelsSpec SPEC = new ClassifyPixelsSpec();
    static final String NO_MASK = "None";
    private static final String REGULARIZE_TIP = "Classes whose footprints are squared to right angles, separated by"
            + " commas (e.g. building)";

    private final InferenceEngine engine;
    private final RasterPicker raster = new RasterPicker("pixels", false);
    private final ModelPanel model = new ModelPanel();
    private final OutputField output = OutputField.file("pixels", "_classified", "tif", "GeoTIFF", "tif", "tiff");
    /** The one control for a confidence raster: out_confidence_raster, and the model argument return_probability_raster. */
    private final JCheckBox confidence = new JCheckBox("Write a confidence raster (the winning class's probability, 0-100)");
    static final String PROBABILITY_ARGUMENT = "return_probability_raster";
    /** The model's default for {@link #PROBABILITY_ARGUMENT} (the box starts ticked when it is True). */
    private boolean probabilityDefault;
    private final EnvironmentsPanel environments = new EnvironmentsPanel("pixels",
            "Only classify what the map shows now");
    private final LayerPicker mask = new LayerPicker("pixels.mask", NO_MASK, LayerPicker::polygons, l -> null);
    private final JButton polygonsToggle = new JButton("▸ Polygons (optional)");
    private final JPanel polygonsSection = new JPanel(new GridBagLayout());
    private final JTextField polygonsOutput = new JTextField(30);
    private final JSpinner minArea = new JSpinner(new SpinnerNumberModel(0.0, 0.0, 1e12, 1.0));
    private final JSpinner simplify = new JSpinner(new SpinnerNumberModel(0.0, 0.0, 1e6, 0.5));
    private final JTextField regularize = new JTextField(20);
    /** The declared parameters this dialog shows with widgets of its own (or decides by its Overwrite / Resume question). */
    static final java.util.Set<String> SHOWN = ParameterForm.union(EnvironmentsPanel.SHOWN, ParameterForm.DECIDED_BY_THE_RUN,
            java.util.Set.of(ClassifyPixelsSpec.IN_RASTER, ClassifyPixelsSpec.MODEL, ClassifyPixelsSpec.ARGUMENTS,
                    ClassifyPixelsSpec.OUTPUT, ClassifyPixelsSpec.CONFIDENCE, ClassifyPixelsSpec.POLYGONS,
                    ClassifyPixelsSpec.MIN_AREA, ClassifyPixelsSpec.SIMPLIFY, ClassifyPixelsSpec.REGULARIZE));
    private final DeclaredParameters<ClassifyPixelsParameters> declared =
            new DeclaredParameters<>("pixels", SPEC, SHOWN);
    private final CommandLinePreview command = declared.command();
    private final ToolRunner<ClassifyPixelsParameters, ClassifyPixelsTool.Plan, ClassifyPixelsResult> runner;
    /** The layer the run in progress paints onto; set on the EDT before the run is submitted. */
    private volatile LayerService.StreamingRaster streaming;
    /** The classes of the model of the run in progress (for the polygons' colours). */
    private volatile List<ClassInfo> runClasses = List.of();

    public ClassifyPixelsDialog(Window owner, ToolDescriptor tool, PluginContext context, InferenceEngine engine) {
        super(owner, tool, "Classify Pixels", context);
        this.engine = engine;
        declared.command().useEngine(engine);
        runner = new ToolRunner<>(this, "pixels", context, "Check the inputs and classify", new Steps());
        buildUi();
        startFollowingLayers();
        java.util.function.Function<org.deepraster.toolbox.form.LoadedModel, String> pixels = org.deepraster.toolbox.form.ModelFit.needs(org.deepraster.inference.PixelDecoder.class, "a pixel classifier", "Classify Pixels");
        // a model that writes values (Deepness regression) is judged by the plan
        model.picker().setFit(m -> org.deepraster.model.PixelConvention.of(m.definition()).writesValues() ? null : pixels.apply(m));
        model.picker().rememberFor(TOOL_ID); // the model this tool last ran with
        changed();
    }

    @Override
    protected ToolRunner<?, ?, ?> runner() {
        return runner;
    }

    private void buildUi() {
        confidence.setName("pixels.confidence");
        model.omit(java.util.Set.of(PROBABILITY_ARGUMENT));
        ParameterForm.describe(confidence, SPEC, ClassifyPixelsSpec.CONFIDENCE);
        mask.combo().setToolTipText("Only classify inside the polygons of this layer");
        polygonsToggle.setName("pixels.polygons");
        polygonsToggle.setToolTipText("Polygons per class from the classified raster (out_feature_class)");
        polygonsToggle.putClientProperty("JButton.buttonType", "borderless");
        polygonsOutput.setName("pixels.polygons.output");
        ParameterForm.describe(polygonsOutput, SPEC, ClassifyPixelsSpec.POLYGONS);
        for (JSpinner s : List.of(minArea, simplify)) {
            ((JSpinner.DefaultEditor) s.getEditor()).getTextField().setColumns(8);
        }
        minArea.setName("pixels.minArea");
        ParameterForm.describe(minArea, SPEC, ClassifyPixelsSpec.MIN_AREA);
        simplify.setName("pixels.simplify");
        ParameterForm.describe(simplify, SPEC, ClassifyPixelsSpec.SIMPLIFY);
        regularize.setName("pixels.regularize");
        regularize.setToolTipText(REGULARIZE_TIP);
        output.follow(raster, this::changed);
        output.addChangeListener(this::changed);
        model.picker().addModelListener(m -> {
            // Regularize classes takes the model's class names: the tooltip lists them
            List<String> names = m == null || m.definition() == null ? List.of()
                    : m.definition().classes().stream().map(ClassInfo::name).toList();
            regularize.setToolTipText(REGULARIZE_TIP + (names.isEmpty() ? "" : "; this model's: " + String.join(", ", names)));
            probabilityDefault = m != null && m.arguments().stream().anyMatch(a -> a.name().equals(PROBABILITY_ARGUMENT)
                    && Boolean.TRUE.equals(a.defaultValue()));
            confidence.setSelected(probabilityDefault);
            changed();
        });
        model.form().addChangeListener(e -> changed());
        confidence.addItemListener(e -> changed());
        mask.combo().addActionListener(e -> changed());
        environments.addChangeListener(this::changed);
        declared.more().addChangeListener(this::changed);
        minArea.addChangeListener(e -> changed());
        simplify.addChangeListener(e -> changed());
        TextFields.onChange(this::changed, polygonsOutput, regularize);
        polygonsToggle.addActionListener(e -> {
            boolean show = !polygonsSection.isVisible();
            polygonsSection.setVisible(show);
            polygonsToggle.setText(show ? "▾ Polygons (optional)" : "▸ Polygons (optional)");
            polygonsSection.revalidate();
        });
        new FormRows(polygonsSection).pair(ParameterForm.label(SPEC, ClassifyPixelsSpec.POLYGONS), polygonsOutput)
                .pair(ParameterForm.label(SPEC, ClassifyPixelsSpec.MIN_AREA), minArea)
                .pair(ParameterForm.label(SPEC, ClassifyPixelsSpec.SIMPLIFY), simplify)
                .pair(ParameterForm.label(SPEC, ClassifyPixelsSpec.REGULARIZE), regularize);
        polygonsSection.setBorder(BorderFactory.createEmptyBorder(0, 16, 0, 0));
        polygonsSection.setVisible(false);

        JPanel form = FormRows.form();
        FormRows r = new FormRows(form);
        r.title(ParameterForm.label(SPEC, ClassifyPixelsSpec.IN_RASTER), raster.combo()).line(raster.combo(), raster.browseButton());
        r.full(model, 1);
        r.title(ParameterForm.label(SPEC, ClassifyPixelsSpec.OUTPUT), output.field()).line(output.field(), output.browseButton());
        r.full(confidence, 0);
        r.full(environments.extentBox(), 0);
        r.title("Mask polygons (optional)", mask.combo()).line(mask.combo(), mask.browseButton());
        r.full(polygonsToggle, 0);
        r.full(polygonsSection, 0);
        environments.addSection(r);
        r.full(declared.more().component(), 0);
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

    /** The form changed: Run's state and the command line follow. */
    private void changed() {
        runner.update();
        declared.follow(new Steps().missing(), () -> widgetParameters(false), mask.commandLineFile());
    }

    /**
     * The {@code deepraster classify-pixels} arguments for these parameters: the options that differ
     * from the declared defaults. {@code maskFile} is the file of the mask layer (when one is chosen).
     */
    public static List<String> commandArgs(ClassifyPixelsParameters p, String maskFile) {
        return CommandLines.args(SPEC, values(p, maskFile));
    }

    /** The values of these parameters, the mask named by its file. */
    static ParameterValues values(ClassifyPixelsParameters p, String maskFile) {
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
    public ClassifyPixelsParameters parameters() {
        return declared.parameters(widgetParameters(true), mask.commandLineFile());
    }

    /** The parameters of the dialog's own widgets; {@code withMask} false: without the mask's polygons. */
    private ClassifyPixelsParameters widgetParameters(boolean withMask) {
        Path in = raster.single();
        String source = model.checkedSource();
        Path out = output.path();
        Path conf = confidence.isSelected() ? confidenceFor(out) : null;
        Environments env = environments.environments(context.map(), mask.mask(withMask));
        // the box decides: a model whose return_probability_raster defaults to True is told False when unticked
        org.deepraster.model.ModelArguments args = conf == null && probabilityDefault
                ? model.arguments().with(PROBABILITY_ARGUMENT, "False") : model.arguments();
        return new ClassifyPixelsParameters(in, source, out, args, conf, vectorOutput(), env, false);
    }

    /** {@code <name>_confidence.tif} beside the output (as {@code return_probability_raster} names it). */
    static Path confidenceFor(Path out) {
        Path tif = withTif(out);
        return tif.resolveSibling(tif.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "_confidence.tif");
    }

    /** The file Classify Pixels writes for this output name (a name without extension gets .tif). */
    static Path withTif(Path out) {
        String n = out.getFileName().toString();
        return n.contains(".") ? out : out.resolveSibling(n + ".tif");
    }

    /** The polygons section's parameters: null when no polygon output is named. */
    private VectorOutput vectorOutput() {
        String file = polygonsOutput.getText().trim();
        double area = ((Number) minArea.getValue()).doubleValue();
        double tolerance = ((Number) simplify.getValue()).doubleValue();
        List<String> classes = Arrays.stream(regularize.getText().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (file.isEmpty()) {
            if (area != 0 || tolerance != 0 || !classes.isEmpty()) {
                throw new UserException("Minimum area, simplify tolerance and regularize classes need an output for the"
                        + " polygons.", "Name the output polygons in Polygons (optional), or clear those settings.");
            }
            return null;
        }
        return new VectorOutput(Path.of(file), area, tolerance, classes);
    }

    /**
     * The colours the map paints values in: the plan's palette, else (a 16-bit output) the classes'
     * colours with the default legend colours between them.
     */
    static int[] paletteOf(ClassifyPixelsTool.Plan plan) {
        int[] palette = plan.palette();
        if (palette != null) {
            return palette;
        }
        int max = plan.classes().stream().mapToInt(ClassInfo::value).max().orElse(0);
        int[] p = new int[Math.max(0, Math.min(max, 65534)) + 1];
        for (int i = 0; i < p.length; i++) {
            p[i] = ClassInfo.defaultRgb(i);
        }
        for (ClassInfo c : plan.classes()) {
            if (c.value() >= 0 && c.value() < p.length) {
                p[c.value()] = c.rgb();
            }
        }
        return p;
    }

    /** Hands each finished block to the map layer, and everything else to the runner's sink (progress). */
    static ResultSink<ClassifiedBlock> toMap(LayerService.StreamingRaster layer, ResultSink<Feature> runnerSink) {
        return new ResultSink<>() {
            @Override
            public void started(long total, long resumed) throws IOException {
                runnerSink.started(total, resumed);
            }

            @Override
            public void accept(List<ClassifiedBlock> blocks) {
                for (ClassifiedBlock b : blocks) {
                    layer.putBlock(b.window(), b.values());
                }
            }

            @Override
            public void problem(ItemProblem problem) {
                runnerSink.problem(problem);
            }

            @Override
            public void progress(JobProgress progress) {
                runnerSink.progress(progress);
            }

            @Override
            public void finished(JobReport report) throws IOException {
                runnerSink.finished(report);
            }

            @Override
            public void close() throws IOException {
                runnerSink.close();
            }
        };
    }

    private final class Steps implements ToolRunner.Steps<ClassifyPixelsParameters, ClassifyPixelsTool.Plan,
            ClassifyPixelsResult> {
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
            declared.more().setEnabled(idle);
            for (JComponent c : List.of(confidence, polygonsOutput, minArea, simplify, regularize)) {
                c.setEnabled(idle);
            }
        }

        @Override
        public ClassifyPixelsParameters parameters() {
            return ClassifyPixelsDialog.this.parameters();
        }

        /** The raster; when only the polygon output exists, that (the question's Overwrite covers both). */
        @Override
        public Path output(ClassifyPixelsParameters p) {
            Path raster = withTif(p.outClassifiedRaster());
            VectorOutput v = p.vectorOutput();
            return !Files.exists(raster) && v != null && Files.exists(OutputField.effectiveOutput(v.outFeatureClass()))
                    ? v.outFeatureClass() : raster;
        }

        @Override
        public Map<Existing, String> existingChoices() {
            Map<Existing, String> m = new java.util.LinkedHashMap<>();
            m.put(Existing.OVERWRITE, "replace it and classify everything again.");
            m.put(Existing.RESUME, "keep the blocks an earlier (cancelled or killed) run finished and classify only"
                    + " the rest (same settings; the map shows the new blocks, then the whole file).");
            return m;
        }

        @Override
        public ClassifyPixelsParameters withExisting(ClassifyPixelsParameters p, Existing choice) {
            return p.withOutput(p.outClassifiedRaster(), choice == Existing.OVERWRITE).withResume(choice == Existing.RESUME);
        }

        @Override
        public ClassifyPixelsTool.Plan plan(ClassifyPixelsParameters p) throws IOException {
            return new ClassifyPixelsTool(engine).plan(p);
        }

        @Override
        public LayerService.StreamingLayer layer(ClassifyPixelsTool.Plan plan, ClassifyPixelsParameters p) {
            String name = plan.output().getFileName().toString(); // as the written file's layer will be named
            runClasses = plan.classes();
            streaming = context.layers().addStreamingRaster(name, plan.outputGrid(), paletteOf(plan), plan.noDataValue());
            return null; // the runner's feature layer: none
        }

        @Override
        public String title(ClassifyPixelsTool.Plan plan) {
            return "Classify Pixels → " + plan.output().getFileName();
        }

        @Override
        public String startText(ClassifyPixelsTool.Plan plan) {
            return plan.warnings().isEmpty() ? "Classifying with " + plan.definition().displayName() + " on "
                    + plan.executionProvider() + ": tiles of " + plan.tileSize() + " px, " + plan.padding()
                    + " px padding" + (plan.blending() ? " (blended)" : "") + ", batch size " + plan.batchSize() + "; "
                    + plan.outputGrid().width() + " x " + plan.outputGrid().height() + " px…"
                    : "Warning: " + String.join(" ", plan.warnings());
        }

        @Override
        public long total(ClassifyPixelsTool.Plan plan) {
            return plan.total();
        }

        @Override
        public ClassifyPixelsResult run(ClassifyPixelsTool.Plan plan, Progress progress, List<ResultSink<Feature>> sinks)
                throws IOException {
            LayerService.StreamingRaster layer = streaming;
            Path out = plan.output();
            try (ClassifyPixelsTool.Plan owned = plan) {
                return owned.run(progress, List.of(toMap(layer, sinks.get(0))));
            } catch (IOException | RuntimeException e) {
                // no result: finished() is not called; what was written (if anything) replaces the preview
                layer.finish(Files.isRegularFile(out) ? out : null).exceptionally(x -> List.of())
                        .thenAccept(ClassifyPixelsDialog.this::adopt);
                throw e;
            }
        }

        @Override
        public JobReport report(ClassifyPixelsResult result) {
            return result.report();
        }

        @Override
        public String progressLine(JobProgress p) {
            return ToolRunner.progressLine(p, "tiles");
        }

        @Override
        public String summary(ClassifyPixelsResult result) {
            return summaryText(result);
        }

        @Override
        public void finished(ClassifyPixelsResult result) {
            LayerService.StreamingRaster layer = streaming;
            if (layer != null) {
                layer.finish(result.output()).exceptionally(x -> List.of()).thenAccept(ClassifyPixelsDialog.this::adopt);
            }
            if (result.polygonOutput() != null && Files.exists(result.polygonOutput())) {
                // drawn in the class colours, as the raster is
                org.deepraster.plugin.LayerStyle style = ToolRunner.styleFor(runClasses,
                        org.deepraster.vector.PolygonizeOptions.defaults().classField());
                context.layers().open(result.polygonOutput()).exceptionally(x -> List.of()).thenAccept(opened -> {
                    opened.forEach(l -> context.layers().setStyle(l, style));
                    adopt(opened);
                });
            }
        }
    }

    /** The written rasters on the map: a later run to the same output replaces them. Any thread. */
    private void adopt(List<LayerInfo> opened) {
        SwingUtilities.invokeLater(() -> opened.forEach(runner::adopt));
    }

    /** The summary shown when a run ends: pixels per class, NoData, skips, failures, time, outputs, warnings. */
    static String summaryText(ClassifyPixelsResult res) {
        String head = res.summary() == null ? ToolRunner.head(null, res.report())
                : res.summary().describe().replace(": " + res.summary().results() + " results",
                        ": " + res.summary().results() + " pixels classified");
        StringBuilder b = new StringBuilder("Output: ").append(res.output());
        if (res.confidenceOutput() != null) {
            b.append("\nConfidence: ").append(res.confidenceOutput());
        }
        if (res.polygons() != null) {
            b.append("\nPolygons: ").append(res.polygons().polygons()).append(" (by class value ")
                    .append(res.polygons().polygonsPerClass()).append("), ").append(res.polygons().droppedSmall())
                    .append(" small regions dropped");
            if (res.polygons().regularized() > 0) {
                b.append(", ").append(res.polygons().regularized()).append(" footprints squared");
            }
            b.append(". Output: ").append(res.polygonOutput());
        }
        return ToolRunner.summaryText(head, res.noDataPixels() > 0 ? "NoData pixels: " + res.noDataPixels() + ".\n" : "",
                res.report(), "The output holds the blocks finished before the cancel; the rest is NoData. Run again"
                + " and choose Resume to classify the rest.", res.warnings(), b.toString());
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
