package org.deepraster.toolbox;

import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagLayout;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextArea;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.Field;
import org.deepraster.feature.GeometryKind;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.CropMode;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ReferenceSystem;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataResult;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataSpec;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool;
import org.deepraster.toolbox.ToolRunner.Existing;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Export Training Data For Deep Learning: the imagery, the labels (a vector layer of the map, a
 * classified raster layer, or none for Export_Tiles) with the class value field chosen from the
 * layer's fields, the chip format, tile size and stride, the metadata format (each explained in its
 * tooltip; only the options that apply to it are enabled: crop mode and blacken for the per-feature
 * formats, the buffer radius for points and lines, tiles without features for the tiled ones), rotation
 * augmentation, the output folder, the current map extent or mask polygons, the environments and the
 * equivalent command line. Run builds the same {@link ExportTrainingDataParameters} as
 * {@code deepraster export-training-data}; a folder that is not empty is replaced only after the user
 * chose Overwrite (what {@code --overwrite} does). Chips are written with progress through the host's
 * task service and can be cancelled (the folder then holds a valid, smaller export); the summary counts
 * chips and labels per class, with Open folder. Create and use on the EDT only.
 */
public final class ExportTrainingDataDialog extends ToolDialog {

    public static final String TOOL_ID = ExportTrainingDataSpec.ID;
    static final ExportTrainingDataSpec SPEC = new ExportTrainingDataSpec();
    /** The declared parameters this dialog shows with widgets of its own (the others go to "Other parameters"). */
    static final java.util.Set<String> SHOWN = ParameterForm.union(EnvironmentsPanel.SHOWN, ParameterForm.DECIDED_BY_THE_RUN,
            java.util.Set.of(ExportTrainingDataSpec.IN_RASTER, ExportTrainingDataSpec.OUT_FOLDER,
                    ExportTrainingDataSpec.CLASS_DATA, ExportTrainingDataSpec.CHIP_FORMAT, ExportTrainingDataSpec.TILE_X,
                    ExportTrainingDataSpec.TILE_Y, ExportTrainingDataSpec.STRIDE_X, ExportTrainingDataSpec.STRIDE_Y,
                    ExportTrainingDataSpec.NOFEATURE_TILES, ExportTrainingDataSpec.METADATA_FORMAT,
                    ExportTrainingDataSpec.CLASS_FIELD, ExportTrainingDataSpec.BUFFER, ExportTrainingDataSpec.MASK_POLYGONS,
                    ExportTrainingDataSpec.ROTATION, ExportTrainingDataSpec.REFERENCE_SYSTEM, ExportTrainingDataSpec.BLACKEN,
                    ExportTrainingDataSpec.CROP_MODE, ExportTrainingDataSpec.MIN_OVERLAP));
    static final String NO_LABELS = "None (Export_Tiles: chips without labels)";
    static final String NO_MASK = "None";
    /** The class value field entry that leaves the choice to the tool (value / classvalue, else one class). */
    static final String AUTO_FIELD = "<automatic>";

    private final RasterPicker raster = new RasterPicker("export", false);
    private final LayerPicker classData = new LayerPicker("export.classData", NO_LABELS, c -> true,
            layers -> layers.isEmpty() ? null : layers.get(0)).includeRasters(ExportDialogTexts::classified);
    private final JComboBox<String> classField = new JComboBox<>();
    private final JComboBox<ChipFormat> chipFormat = new JComboBox<>(ChipFormat.values());
    private final JSpinner tileX = spinner(256, 1, 8192, 32);
    private final JSpinner tileY = spinner(256, 1, 8192, 32);
    private final JSpinner strideX = spinner(128, 1, 8192, 32);
    private final JSpinner strideY = spinner(128, 1, 8192, 32);
    private final JComboBox<MetadataFormat> metadata = new JComboBox<>(MetadataFormat.values());
    private final JTextArea formatInfo = FormRows.text();
    private final JCheckBox allTiles = new JCheckBox("Keep tiles without features (ALL_TILES)");
    private final JSpinner rotation = new JSpinner(new SpinnerNumberModel(0.0, 0.0, 359.0, 15.0));
    private final JComboBox<ReferenceSystem> reference = new JComboBox<>(ReferenceSystem.values());
    private final JSpinner buffer = new JSpinner(new SpinnerNumberModel(0.0, 0.0, 1e6, 0.5));
    private final JSpinner minOverlap = CommandLinePreview.ratioSpinner(0);
    private final JComboBox<CropMode> cropMode = new JComboBox<>(CropMode.values());
    private final JCheckBox blacken = new JCheckBox("Blacken around the feature");
    private final OutputField output = OutputField.folder("export", "_training_data");
    private final EnvironmentsPanel environments = new EnvironmentsPanel("export",
            "Only cut chips in what the map shows now", false);
    private final LayerPicker mask = new LayerPicker("export.mask", NO_MASK, LayerPicker::polygons, l -> null);
    /** The declarations behind the form: the preview, Save job… and the declared parameters without a widget here. */
    private final DeclaredParameters<ExportTrainingDataParameters> declared;
    private final CommandLinePreview command;
    private final ToolRunner<ExportTrainingDataParameters, ExportTrainingDataTool.Plan, ExportTrainingDataResult> runner;
    private boolean filling;
    /** The input raster was proposed (the imagery rather than a classified raster on top of it). */
    private boolean rasterProposed;

    public ExportTrainingDataDialog(Window owner, ToolDescriptor tool, PluginContext context) {
        this(owner, tool, context, SPEC);
    }

    /** With the declarations of {@code spec} (a test adds one to see it appear in the form and the command line). */
    ExportTrainingDataDialog(Window owner, ToolDescriptor tool, PluginContext context,
                             ToolSpec<ExportTrainingDataParameters> spec) {
        super(owner, tool, "Export Training Data", context);
        declared = new DeclaredParameters<>("export", spec, SHOWN);
        command = declared.command();
        runner = new ToolRunner<>(this, "export", context, "Check the inputs and write the chips", new Steps());
        buildUi();
        startFollowingLayers();
        changed();
    }

    @Override
    protected ToolRunner<?, ?, ?> runner() {
        return runner;
    }

    private static JSpinner spinner(int value, int min, int max, int step) {
        JSpinner s = new JSpinner(new SpinnerNumberModel(value, min, max, step));
        ((JSpinner.DefaultEditor) s.getEditor()).getTextField().setColumns(5);
        return s;
    }

    private void buildUi() {
        classField.setName("export.classField");
        classField.setToolTipText("The field holding each feature's class: whole numbers are class values, text gets"
                + " values 1, 2, … in sorted order; " + AUTO_FIELD + ": a field named value or classvalue, else one class");
        classData.combo().setToolTipText("The labelled features (a vector layer), or a classified raster whose pixel"
                + " values are the classes");
        classData.setOnBrowse(this::openLabels);
        chipFormat.setName("export.chipFormat");
        chipFormat.setToolTipText("TIFF keeps the samples and the georeference; PNG and JPEG hold 8-bit pixels"
                + " (with a world file)");
        tileX.setName("export.tileX");
        tileY.setName("export.tileY");
        strideX.setName("export.strideX");
        strideY.setName("export.strideY");
        for (JSpinner s : List.of(strideX, strideY)) {
            s.setToolTipText("Step between chips in pixels: less than the tile size makes chips overlap");
        }
        metadata.setName("export.metadataFormat");
        metadata.setRenderer(new DefaultListCellRenderer() {
            @Override
            public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected,
                                                          boolean focus) {
                super.getListCellRendererComponent(list, value, index, selected, focus);
                if (value instanceof MetadataFormat f) {
                    setToolTipText(ExportDialogTexts.describe(f));
                }
                return this;
            }
        });
        formatInfo.setName("export.formatInfo");
        formatInfo.setFocusable(false);
        java.awt.Color info = UIManager.getColor("Label.disabledForeground");
        if (info != null) {
            formatInfo.setForeground(info);
        }
        allTiles.setName("export.allTiles");
        allTiles.setToolTipText("Also write the chips that hold no labelled feature (output_nofeature_tiles ALL_TILES)");
        rotation.setName("export.rotation");
        rotation.setToolTipText("Augmentation: extra copies of each chip rotated by multiples of this angle"
                + " (90: copies at 90, 180 and 270 degrees); 0: none");
        reference.setName("export.referenceSystem");
        reference.setToolTipText("MAP_SPACE: chips north-up in map coordinates; PIXEL_SPACE: in the raster's pixel grid");
        buffer.setName("export.buffer");
        buffer.setToolTipText("Points and lines become polygons this wide around them (map units)");
        ((JSpinner.DefaultEditor) buffer.getEditor()).getTextField().setColumns(6);
        minOverlap.setName("export.minOverlap");
        minOverlap.setToolTipText("Share of a feature that must lie in a chip for it to be labelled there");
        cropMode.setName("export.cropMode");
        cropMode.setToolTipText("FIXED_SIZE: chips of the tile size centred on the feature; BOUNDING_BOX: the"
                + " feature's box, resized to the tile size");
        blacken.setName("export.blacken");
        blacken.setToolTipText("Pixels outside the feature are set to black (blacken_around_feature)");
        mask.combo().setToolTipText("Only chips lying wholly inside these polygons (in_mask_polygons)");

        output.follow(raster, this::changed);
        classData.combo().addActionListener(e -> {
            if (!filling) {
                labelsChanged();
            }
        });
        metadata.addActionListener(e -> changed());
        output.addChangeListener(this::changed);
        environments.addChangeListener(this::changed);
        mask.combo().addActionListener(e -> changed());
        for (JComboBox<?> c : List.of(classField, chipFormat, reference, cropMode)) {
            c.addActionListener(e -> changed());
        }
        for (JSpinner s : List.of(tileX, tileY, strideX, strideY, rotation, buffer, minOverlap)) {
            s.addChangeListener(e -> changed());
        }
        for (JCheckBox b : List.of(allTiles, blacken)) {
            b.addItemListener(e -> changed());
        }

        // one grid for every labelled setting, so that their fields line up
        JPanel settings = new JPanel(new GridBagLayout());
        new FormRows(settings).pair("Class value field", classField).pair("Metadata format", metadata)
                .full(formatInfo, 0).pair("Image format", chipFormat).pair("Tile size X × Y (px)", pair(tileX, tileY))
                .pair("Stride X × Y (px)", pair(strideX, strideY)).pair("Rotation angle (°)", rotation)
                .pair("Reference system", reference).full(allTiles, 0).pair("Buffer radius (points, lines)", buffer)
                .pair("Min polygon overlap ratio", minOverlap).pair("Crop mode (per feature)", cropMode).full(blacken, 0);

        JPanel form = FormRows.form();
        FormRows r = new FormRows(form);
        r.title("Input raster", raster.combo()).line(raster.combo(), raster.browseButton());
        r.title("Labels: features or a classified raster", classData.combo())
                .line(classData.combo(), classData.browseButton());
        r.full(settings, 0);
        r.title("Output folder", output.field()).line(output.field(), output.browseButton());
        r.full(environments.extentBox(), 0);
        r.title("Mask polygons (optional)", mask.combo()).line(mask.combo(), mask.browseButton());
        environments.addSection(r);
        r.full(declared.more().component(), 0);
        declared.more().addChangeListener(this::changed);
        r.title("Command line", command.component()).line(command.component(), null);
        layOut(form, new Dimension(720, 900));
    }

    private static JPanel pair(JComponent a, JComponent b) {
        JPanel p = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 0));
        p.add(a);
        p.add(new JLabel(" × "));
        p.add(b);
        return p;
    }

    @Override
    protected void layersChanged(List<LayerInfo> layers) {
        raster.refresh(layers);
        if (!rasterProposed) {
            // the topmost imagery: a classified raster opened over it is the labels, not the input
            layers.stream().filter(l -> l.path().isPresent() && l.raster().map(r -> !ExportDialogTexts.classified(r)).orElse(false))
                    .findFirst().ifPresent(l -> {
                        raster.select(l.name());
                        rasterProposed = true;
                    });
        }
        filling = true;
        try {
            classData.refresh(layers);
        } finally {
            filling = false;
        }
        mask.refresh(layers);
        output.proposeFor(raster.first());
        labelsChanged();
    }

    /** Browse… for labels opens them on the map (so that their fields are known) and picks them. */
    private void openLabels(Path file) {
        context.layers().open(file).thenAccept(added -> SwingUtilities.invokeLater(() -> {
            if (!added.isEmpty() && isDisplayable()) {
                layersChanged(context.layers().layers());
                classData.select(added.get(0).name());
            }
        }));
    }

    /** The labels changed: the field list follows, and a classified raster gives Classified_Tiles. */
    private void labelsChanged() {
        LayerPicker.Choice c = classData.selected();
        FeatureCollection features = c == null ? null : c.features();
        String sel = (String) classField.getSelectedItem();
        List<String> names = new ArrayList<>();
        names.add(AUTO_FIELD);
        if (features != null) {
            for (Field f : features.schema().fields()) {
                names.add(f.name());
            }
        }
        filling = true;
        try {
            classField.setModel(new DefaultComboBoxModel<>(names.toArray(String[]::new)));
            if (sel != null && names.contains(sel) && !AUTO_FIELD.equals(sel)) {
                classField.setSelectedItem(sel);
            } else {
                classField.setSelectedItem(ExportDialogTexts.proposedField(names, AUTO_FIELD));
            }
        } finally {
            filling = false;
        }
        MetadataFormat f = (MetadataFormat) metadata.getSelectedItem();
        if (c != null && c.raster() != null && f != MetadataFormat.Classified_Tiles && f != MetadataFormat.Export_Tiles) {
            metadata.setSelectedItem(MetadataFormat.Classified_Tiles);
        }
        changed();
    }

    /** The form changed: what applies, Run's state and the command line follow. */
    private void changed() {
        if (filling) {
            return;
        }
        MetadataFormat f = (MetadataFormat) metadata.getSelectedItem();
        formatInfo.setText(ExportDialogTexts.describe(f));
        metadata.setToolTipText(ExportDialogTexts.describe(f));
        runner.update();
        declared.follow(new Steps().missing(), this::widgetParameters, null);
    }

    /** Enables the options that apply to the format and labels chosen. */
    private void enableOptions(boolean idle) {
        MetadataFormat f = (MetadataFormat) metadata.getSelectedItem();
        classField.setEnabled(idle && vectorLabels());
        buffer.setEnabled(idle && bufferApplies());
        minOverlap.setEnabled(idle && overlapApplies());
        allTiles.setEnabled(idle && allTilesApplies());
        cropMode.setEnabled(idle && f.perFeature());
        blacken.setEnabled(idle && f.perFeature());
    }

    private boolean vectorLabels() {
        LayerPicker.Choice c = classData.selected();
        return c != null && c.input() != null;
    }

    /** Labels of points or lines (or a file, whose geometries are not known yet). */
    private boolean bufferApplies() {
        LayerPicker.Choice c = classData.selected();
        return vectorLabels() && (c.features() == null || c.features().schema().geometryKind() != GeometryKind.POLYGON);
    }

    private boolean overlapApplies() {
        MetadataFormat f = (MetadataFormat) metadata.getSelectedItem();
        return vectorLabels() && !f.perFeature() && f != MetadataFormat.Export_Tiles;
    }

    private boolean allTilesApplies() {
        MetadataFormat f = (MetadataFormat) metadata.getSelectedItem();
        return !f.perFeature() && f != MetadataFormat.Export_Tiles;
    }

    /**
     * The parameters the form describes, as the command line would build them (overwrite off), with the values of
     * the declared parameters that have no widget of the dialog's own. On the EDT. Throws {@link UserException} for
     * what is missing or not valid.
     */
    public ExportTrainingDataParameters parameters() {
        return declared.parameters(widgetParameters(), null);
    }

    /** The record of the dialog's own widgets. */
    private ExportTrainingDataParameters widgetParameters() {
        Path in = raster.single();
        Path out = output.path();
        LayerPicker.Choice c = classData.selected();
        ClassData labels = c == null || c.input() == null && c.raster() == null ? null
                : c.raster() != null ? new ClassData.Raster(c.raster()) : new ClassData.Features(List.of(c.input()));
        String field = labels instanceof ClassData.Features && !AUTO_FIELD.equals(classField.getSelectedItem())
                ? (String) classField.getSelectedItem() : null;
        MetadataFormat f = (MetadataFormat) metadata.getSelectedItem();
        boolean perFeature = f.perFeature();
        Environments env = environments.environments(context.map(), null);
        return new ExportTrainingDataParameters(in, out, labels, (ChipFormat) chipFormat.getSelectedItem(),
                (Integer) tileX.getValue(), (Integer) tileY.getValue(), (Integer) strideX.getValue(),
                (Integer) strideY.getValue(), allTiles.isSelected() && allTilesApplies(), f, field,
                bufferApplies() ? number(buffer) : 0, mask.input(), number(rotation),
                (ReferenceSystem) reference.getSelectedItem(), perFeature && blacken.isSelected(),
                perFeature ? (CropMode) cropMode.getSelectedItem() : CropMode.FIXED_SIZE,
                overlapApplies() ? number(minOverlap) : 0, env, false);
    }

    private static double number(JSpinner s) {
        return ((Number) s.getValue()).doubleValue();
    }

    /**
     * The {@code deepraster export-training-data} arguments for these parameters: the options that
     * differ from the declared defaults. A map layer is named by its file and table
     * ({@code file.gpkg|table}).
     */
    public static List<String> commandArgs(ExportTrainingDataParameters p) {
        return CommandLines.args(SPEC, SPEC.values(p));
    }

    private final class Steps implements ToolRunner.Steps<ExportTrainingDataParameters, ExportTrainingDataTool.Plan,
            ExportTrainingDataResult> {
        @Override
        public String missing() {
            if (raster.selected() == null) {
                return "Choose an input raster";
            }
            LayerPicker.Choice c = classData.selected();
            boolean none = c == null || c.input() == null && c.raster() == null;
            if (none && metadata.getSelectedItem() != MetadataFormat.Export_Tiles) {
                return "Choose the labels (features or a classified raster), or metadata format Export_Tiles";
            }
            return output.isBlank() ? "Name the output folder" : null;
        }

        @Override
        public void setIdle(boolean idle) {
            raster.setEnabled(idle);
            classData.setEnabled(idle);
            mask.setEnabled(idle);
            output.setEnabled(idle);
            environments.setEnabled(idle);
            declared.more().setEnabled(idle);
            for (JComponent c : List.of(chipFormat, tileX, tileY, strideX, strideY, metadata, rotation, reference)) {
                c.setEnabled(idle);
            }
            enableOptions(idle);
        }

        @Override
        public ExportTrainingDataParameters parameters() {
            return ExportTrainingDataDialog.this.parameters();
        }

        @Override
        public Path output(ExportTrainingDataParameters p) {
            return p.outFolder();
        }

        @Override
        public Path existingOutput(ExportTrainingDataParameters p) {
            Path out = p.outFolder();
            if (!Files.isDirectory(out)) {
                return null;
            }
            try (Stream<Path> s = Files.list(out)) {
                return s.findAny().isPresent() ? out : null;
            } catch (IOException e) {
                return out;
            }
        }

        @Override
        public Map<Existing, String> existingChoices() {
            Map<Existing, String> m = new EnumMap<>(Existing.class);
            m.put(Existing.OVERWRITE, "delete the chips, labels and metadata files of an earlier export in it (other"
                    + " files are left alone) and export again.");
            return m;
        }

        @Override
        public ExportTrainingDataParameters withExisting(ExportTrainingDataParameters p, Existing choice) {
            return p.withOverwrite(choice == Existing.OVERWRITE);
        }

        @Override
        public ExportTrainingDataTool.Plan plan(ExportTrainingDataParameters p) throws IOException {
            return new ExportTrainingDataTool().plan(p);
        }

        @Override
        public void discard(ExportTrainingDataTool.Plan plan) {
            ToolRunner.closeQuietly(plan);
        }

        @Override
        public LayerService.StreamingLayer layer(ExportTrainingDataTool.Plan plan, ExportTrainingDataParameters p) {
            return null; // chips go to a folder, not the map
        }

        @Override
        public String title(ExportTrainingDataTool.Plan plan) {
            return "Export Training Data → " + plan.outFolder().getFileName();
        }

        @Override
        public String startText(ExportTrainingDataTool.Plan plan) {
            ExportTrainingDataParameters p = plan.parameters();
            return plan.warnings().isEmpty() ? String.format(Locale.ROOT, "Writing %s %s chips of %d × %d px%s…",
                    p.metadataFormat(), p.imageChipFormat(), p.tileSizeX(), p.tileSizeY(),
                    plan.rotations() > 1 ? ", " + plan.rotations() + " rotations" : "")
                    : "Warning: " + String.join(" ", plan.warnings());
        }

        @Override
        public long total(ExportTrainingDataTool.Plan plan) {
            return plan.total();
        }

        @Override
        public ExportTrainingDataResult run(ExportTrainingDataTool.Plan plan, Progress progress,
                                            List<ResultSink<Feature>> sinks) throws IOException {
            try (ExportTrainingDataTool.Plan owned = plan) {
                return owned.run(progress, List.of(ToolRunner.<ExportTrainingDataTool.ExportedChip>progressOnly(sinks.get(0))));
            }
        }

        @Override
        public JobReport report(ExportTrainingDataResult result) {
            return result.report();
        }

        @Override
        public String progressLine(JobProgress p) {
            return ToolRunner.progressLine(p, "chips cut");
        }

        @Override
        public String summary(ExportTrainingDataResult result) {
            return ExportDialogTexts.summaryText(result);
        }

        @Override
        public List<ToolRunner.Action> actions(ExportTrainingDataResult result, LayerInfo layer) {
            return List.of(ExportDialogTexts.openFolder(result.outFolder()));
        }
    }

    // ------------------------------------------------------------------ for tests

    /** The command line shown. */
    public String commandLine() {
        return command.text();
    }

    RasterPicker rasterPicker() {
        return raster;
    }

    LayerPicker classDataPicker() {
        return classData;
    }

    LayerPicker maskPicker() {
        return mask;
    }

    JComboBox<String> classFieldCombo() {
        return classField;
    }

    /** The command-line preview (with Save job…). */
    CommandLinePreview commandPreview() {
        return command;
    }
}
