package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Desktop;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JEditorPane;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JSplitPane;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import org.deepraster.assess.AccuracyAssessmentParameters;
import org.deepraster.assess.AccuracyAssessmentResult;
import org.deepraster.assess.AccuracyAssessmentTool;
import org.deepraster.assess.AssessmentInput;
import org.deepraster.assess.AssessmentMode;
import org.deepraster.assess.ObjectMatching;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.TaskService;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.FeatureInput;
import org.deepraster.util.CancelledException;
import org.deepraster.util.UserException;

/**
 * The Accuracy Assessment dialog: results and ground truth from the map's layers (or files), the
 * class fields, the detection thresholds, an optional model for class names and colours, and the
 * report folder. Run checks the inputs off the EDT ({@code plan} in a {@link SwingWorker}), runs the
 * assessment through the host's {@link TaskService} and shows {@code report.html} in the dialog. It
 * builds the same {@link AccuracyAssessmentParameters} as {@code deepraster accuracy-assessment}.
 * Use on the EDT.
 */
public final class AccuracyAssessmentDialog extends JDialog {
    public static final String TOOL_ID = "accuracy-assessment";

    /** A map layer or a file, as a choice of the combo / list. */
    record Choice(String label, AssessmentInput input) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final PluginContext context;
    private final JComboBox<Choice> results = new JComboBox<>();
    private final DefaultListModel<Choice> truthModel = new DefaultListModel<>();
    private final JList<Choice> truths = new JList<>(truthModel);
    private final JComboBox<AssessmentMode> mode = new JComboBox<>(AssessmentMode.values());
    private final JTextField classField = new JTextField(12);
    private final JTextField truthClassField = new JTextField(12);
    private final JSpinner iou = new JSpinner(new SpinnerNumberModel(0.5, 0.01, 1.0, 0.05));
    private final JSpinner confidence = new JSpinner(new SpinnerNumberModel(0.0, 0.0, 100.0, 5.0));
    private final JTextField model = new JTextField(24);
    private final JTextField output = new JTextField(24);
    private final JCheckBox overwrite = new JCheckBox("Replace a report already in the folder");
    private final JLabel error = new JLabel(" ");
    private final JLabel status = new JLabel(" ");
    private final JEditorPane report = new JEditorPane();
    private final JButton run = new JButton("Run");
    private final JButton openBrowser = new JButton("Open in browser");
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
    private boolean running;
    private Path shownReport;

    public AccuracyAssessmentDialog(Window owner, ToolDescriptor tool, PluginContext context) {
        super(owner, tool.name(), ModalityType.MODELESS);
        this.context = Objects.requireNonNull(context);
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        results.setName("accuracy.results");
        truths.setName("accuracy.groundTruth");
        mode.setName("accuracy.mode");
        classField.setName("accuracy.classField");
        truthClassField.setName("accuracy.groundTruthClassField");
        iou.setName("accuracy.iou");
        confidence.setName("accuracy.confidence");
        model.setName("accuracy.model");
        output.setName("accuracy.output");
        overwrite.setName("accuracy.overwrite");
        error.setName("accuracy.error");
        status.setName("accuracy.status");
        report.setName("accuracy.report");
        run.setName("accuracy.run");
        openBrowser.setName("accuracy.openBrowser");
        close.setName("accuracy.close");
        error.setForeground(new Color(0xB00020));
        truths.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        truths.setVisibleRowCount(4);
        classField.setToolTipText("Blank: ClassLabel, else Class (Class for detections)");
        truthClassField.setToolTipText("Blank: the results' class field, else class, Class, ClassLabel, ClassName, ClassValue, label");
        confidence.setToolTipText("Detections: precision, recall and F1 count detections at or above this confidence (0-100)");
        iou.setToolTipText("Detections: the intersection over union at which a detection matches an object");
        report.setEditable(false);
        report.setContentType("text/html");
        report.setText("<html><body><p>The report appears here after a run.</p></body></html>");

        JPanel form = new JPanel(new GridBagLayout());
        form.setBorder(BorderFactory.createEmptyBorder(10, 10, 4, 10));
        int row = 0;
        row = addRow(form, row, "Results", results, browse("accuracy.results.browse", this::browseResults));
        row = addRow(form, row, "Ground truth", new JScrollPane(truths), browse("accuracy.groundTruth.browse", this::browseTruth));
        row = addRow(form, row, "Mode", mode, null);
        row = addRow(form, row, "Results class field", classField, null);
        row = addRow(form, row, "Ground-truth class field", truthClassField, null);
        row = addRow(form, row, "IoU threshold (detections)", iou, null);
        row = addRow(form, row, "Confidence threshold (detections)", confidence, null);
        row = addRow(form, row, "Model for class names (optional)", model, browse("accuracy.model.browse", this::browseModel));
        row = addRow(form, row, "Report folder", output, browse("accuracy.output.browse", this::browseOutput));
        row = addRow(form, row, "", overwrite, null);
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.gridy = row;
        c.gridwidth = 3;
        c.anchor = GridBagConstraints.WEST;
        c.fill = GridBagConstraints.HORIZONTAL;
        form.add(error, c);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(status);
        buttons.add(openBrowser);
        buttons.add(run);
        buttons.add(close);
        openBrowser.setEnabled(false);
        run.addActionListener(e -> start());
        close.addActionListener(e -> dispose());
        openBrowser.addActionListener(e -> openInBrowser());
        getRootPane().setDefaultButton(run);

        JScrollPane reportScroll = new JScrollPane(report);
        reportScroll.setName("accuracy.report.scroll");
        reportScroll.setPreferredSize(new Dimension(760, 420));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(form), reportScroll);
        split.setResizeWeight(0.3);
        split.setBorder(null);
        getContentPane().setLayout(new BorderLayout());
        getContentPane().add(split, BorderLayout.CENTER);
        getContentPane().add(buttons, BorderLayout.SOUTH);

        results.addActionListener(e -> proposeOutput());
        context.layers().addListener(layerListener);
        refreshLayers();
        pack();
        setSize(new Dimension(Math.max(getWidth(), 820), 900));
    }

    private static JButton browse(String name, Runnable action) {
        JButton b = new JButton("Browse…");
        b.setName(name);
        b.addActionListener(e -> action.run());
        return b;
    }

    private static int addRow(JPanel form, int row, String label, JComponent field, JComponent extra) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = row;
        c.insets = new Insets(3, 0, 3, 8);
        c.anchor = GridBagConstraints.WEST;
        form.add(new JLabel(label), c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        form.add(field, c);
        if (extra != null) {
            c.gridx = 2;
            c.weightx = 0;
            c.fill = GridBagConstraints.NONE;
            c.anchor = GridBagConstraints.NORTHWEST;
            form.add(extra, c);
        }
        return row + 1;
    }

    /** Map layers (vector and raster) as choices, keeping files the user browsed to and the selections. */
    void refreshLayers() {
        Choice selR = (Choice) results.getSelectedItem();
        List<Choice> selT = truths.getSelectedValuesList();
        List<Choice> layers = new ArrayList<>();
        for (LayerInfo l : context.layers().layers()) {
            if (l.kind() == LayerKind.VECTOR && l.features().isPresent()) {
                layers.add(new Choice(l.name(), new AssessmentInput.Features(new FeatureInput.Layer(l.features().get()))));
            } else if (l.kind() == LayerKind.RASTER && l.raster().isPresent()) {
                layers.add(new Choice(l.name(), new AssessmentInput.RasterLayer(l.name(), l.raster().get())));
            }
        }
        List<Choice> rs = new ArrayList<>(layers);
        for (int i = 0; i < results.getItemCount(); i++) {
            Choice c = results.getItemAt(i);
            if (c.label().startsWith("File: ") && !rs.contains(c)) {
                rs.add(c);
            }
        }
        List<Choice> ts = new ArrayList<>(layers);
        for (int i = 0; i < truthModel.size(); i++) {
            Choice c = truthModel.get(i);
            if (c.label().startsWith("File: ") && !ts.contains(c)) {
                ts.add(c);
            }
        }
        results.setModel(new javax.swing.DefaultComboBoxModel<>(rs.toArray(Choice[]::new)));
        Choice keep = selR == null ? null : rs.stream().filter(c -> c.label().equals(selR.label())).findFirst().orElse(null);
        if (keep != null) {
            results.setSelectedItem(keep);
        }
        truthModel.clear();
        List<Integer> sel = new ArrayList<>();
        for (Choice c : ts) {
            truthModel.addElement(c);
            if (selT.stream().anyMatch(s -> s.label().equals(c.label()))) {
                sel.add(truthModel.size() - 1);
            }
        }
        truths.setSelectedIndices(sel.stream().mapToInt(Integer::intValue).toArray());
    }

    private void browseResults() {
        Path p = chooseFile("accuracy.results.chooser", false);
        if (p != null) {
            Choice c = fileChoice(p);
            results.addItem(c);
            results.setSelectedItem(c);
        }
    }

    private void browseTruth() {
        Path p = chooseFile("accuracy.groundTruth.chooser", false);
        if (p != null) {
            Choice c = fileChoice(p);
            truthModel.addElement(c);
            truths.addSelectionInterval(truthModel.size() - 1, truthModel.size() - 1);
        }
    }

    private void browseModel() {
        Path p = chooseFile("accuracy.model.chooser", false);
        if (p != null) {
            model.setText(p.toString());
        }
    }

    private void browseOutput() {
        Path p = chooseFile("accuracy.output.chooser", true);
        if (p != null) {
            output.setText(p.toString());
        }
    }

    private Path chooseFile(String name, boolean folder) {
        JFileChooser ch = new JFileChooser();
        ch.setName(name);
        ch.setFileSelectionMode(folder ? JFileChooser.DIRECTORIES_ONLY : JFileChooser.FILES_ONLY);
        return ch.showOpenDialog(this) == JFileChooser.APPROVE_OPTION ? ch.getSelectedFile().toPath() : null;
    }

    static Choice fileChoice(Path p) {
        return new Choice("File: " + p.getFileName(), AssessmentInput.parse(p.toString()));
    }

    /** Proposes a report folder next to the results' file when the field is empty. */
    private void proposeOutput() {
        if (!output.getText().isBlank()) {
            return;
        }
        Choice c = (Choice) results.getSelectedItem();
        Path file = c == null ? null : fileOf(c.input());
        if (file != null) {
            output.setText(defaultOutput(file).toString());
        }
    }

    private Path fileOf(AssessmentInput in) {
        if (in instanceof AssessmentInput.RasterFile f) {
            return f.path();
        }
        if (in instanceof AssessmentInput.Features f && f.input() instanceof FeatureInput.File ff) {
            return ff.path();
        }
        for (LayerInfo l : context.layers().layers()) {
            if (in instanceof AssessmentInput.RasterLayer rl && l.raster().orElse(null) == rl.source()
                    || in instanceof AssessmentInput.Features f && f.input() instanceof FeatureInput.Layer fl
                    && l.features().orElse(null) == fl.features()) {
                return l.path().orElse(null);
            }
        }
        return null;
    }

    /** {@code <name>_accuracy} next to the file, with _2, _3 … when taken. */
    static Path defaultOutput(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = (dot > 0 ? n.substring(0, dot) : n) + "_accuracy";
        Path dir = file.toAbsolutePath().getParent();
        Path p = dir.resolve(base);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(base + "_" + i);
        }
        return p;
    }

    /** The parameters the form describes (UserException when something is missing). */
    AccuracyAssessmentParameters parameters() {
        Choice r = (Choice) results.getSelectedItem();
        if (r == null) {
            throw new UserException("Choose the results.", "Pick a layer of the map, or Browse… for a file.");
        }
        List<AssessmentInput> gt = truths.getSelectedValuesList().stream().map(Choice::input).toList();
        if (gt.isEmpty()) {
            throw new UserException("Choose the ground truth.", "Select one or more layers (Ctrl-click), or Browse… for a file.");
        }
        if (output.getText().isBlank()) {
            throw new UserException("Choose the report folder.", "");
        }
        return new AccuracyAssessmentParameters(r.input(), gt, (AssessmentMode) mode.getSelectedItem(), classField.getText(),
                truthClassField.getText(), null, ((Number) iou.getValue()).doubleValue(),
                ((Number) confidence.getValue()).doubleValue(), ObjectMatching.AUTO, null, null, model.getText(),
                Path.of(output.getText().trim()), overwrite.isSelected());
    }

    private void start() {
        if (running) {
            return;
        }
        AccuracyAssessmentParameters p;
        try {
            p = parameters();
        } catch (UserException e) {
            showError(e);
            return;
        }
        showError(null);
        running = true;
        run.setEnabled(false);
        status.setText("Checking the inputs…");
        new SwingWorker<AccuracyAssessmentTool.Plan, Void>() {
            @Override
            protected AccuracyAssessmentTool.Plan doInBackground() throws Exception {
                return new AccuracyAssessmentTool().plan(p);
            }

            @Override
            protected void done() {
                AccuracyAssessmentTool.Plan plan;
                try {
                    plan = get();
                } catch (InterruptedException | ExecutionException e) {
                    failed(e instanceof ExecutionException ? e.getCause() : e);
                    return;
                }
                submit(plan);
            }
        }.execute();
    }

    private void submit(AccuracyAssessmentTool.Plan plan) {
        status.setText("Comparing (" + plan.mode().title().toLowerCase(java.util.Locale.ROOT) + ")…");
        TaskService.TaskHandle<AccuracyAssessmentResult> handle = context.tasks().submit("Accuracy Assessment", progress -> {
            try (AccuracyAssessmentTool.Plan owned = plan) {
                return owned.run(progress);
            }
        });
        handle.result().whenComplete((res, err) -> SwingUtilities.invokeLater(() -> {
            if (err != null) {
                failed(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
            } else {
                finished(res);
            }
        }));
    }

    private void failed(Throwable e) {
        running = false;
        run.setEnabled(true);
        status.setText(" ");
        if (e instanceof CancelledException) {
            status.setText("Cancelled.");
        } else if (e instanceof UserException u) {
            showError(u);
        } else {
            error.setText("<html>The assessment failed: " + escape(String.valueOf(e.getMessage())) + "</html>");
        }
    }

    private void finished(AccuracyAssessmentResult r) {
        running = false;
        run.setEnabled(true);
        status.setText("Report written to " + r.files().folder());
        showReport(r.files().report());
    }

    /** Shows a report.html in the dialog (images load relative to it). */
    void showReport(Path html) {
        shownReport = html;
        openBrowser.setEnabled(Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE));
        try {
            // a new document each time, so that a rerun into the same folder is read again
            report.setDocument(report.getEditorKit().createDefaultDocument());
            report.setPage(html.toUri().toURL());
        } catch (IOException e) {
            error.setText("Cannot show " + html + ": " + e.getMessage());
        }
    }

    private void openInBrowser() {
        if (shownReport == null) {
            return;
        }
        try {
            Desktop.getDesktop().browse(shownReport.toUri());
        } catch (IOException | UnsupportedOperationException e) {
            error.setText("Cannot open a browser: " + e.getMessage() + ". The report is " + shownReport);
        }
    }

    private void showError(UserException e) {
        error.setText(e == null ? " " : "<html>" + escape(e.getMessage())
                + (e.hint().isEmpty() ? "" : "<br>" + escape(e.hint())) + "</html>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }

    @Override
    public void dispose() {
        context.layers().removeListener(layerListener);
        super.dispose();
    }

    // for tests
    JComboBox<Choice> resultsCombo() {
        return results;
    }

    JList<Choice> truthList() {
        return truths;
    }

    JEditorPane reportPane() {
        return report;
    }

    boolean isRunning() {
        return running;
    }
}
