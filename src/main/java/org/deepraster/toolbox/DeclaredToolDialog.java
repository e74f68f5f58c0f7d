package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Window;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.TaskService;
import org.deepraster.plugin.ToolDescriptor;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.RasterPreviews;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.ToolSpec;
import org.deepraster.util.UserException;

/**
 * The dialog of a declared tool that has no dialog of its own: its form is the tool's declarations
 * ({@link ParameterForm}, every parameter), its command line and Save job… the same as every dialog's, and Run does
 * what {@code deepraster <tool>} does on the viewer's task service (status bar, Cancel), with the command's report
 * shown below the form. Files the run wrote ({@link Parameter.Type#OUTPUT_FILE} parameters) are opened on the map.
 * A tool added to the registry and the plugin descriptor therefore has a working dialog without toolbox code.
 * Create and use on the EDT only. Component names: {@code <id>.param.<name>}, {@code <id>.run}, {@code <id>.report}.
 */
public final class DeclaredToolDialog<P> extends JDialog {
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(DeclaredToolDialog.class);
    private final ToolSpec<P> spec;
    private final PluginContext context;
    private final ParameterForm form;
    private final CommandLinePreview command;
    private final JTextArea report = FormRows.text();
    private final JLabel error = new JLabel(" ");
    private final JButton run = new JButton("Run");
    private final JButton cancel = new JButton("Cancel");
    private final JButton close = new JButton("Close");
    private TaskService.TaskHandle<Integer> running;
    /** The files the run's previews were replaced by (already on the map). */
    private final java.util.Set<Path> previewed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int lastExitCode = -1;
    private String errorText = "";

    public DeclaredToolDialog(Window owner, ToolDescriptor tool, PluginContext context, ToolSpec<P> spec) {
        super(owner, tool == null ? spec.title() : tool.name(), ModalityType.MODELESS);
        this.spec = spec;
        this.context = context;
        String prefix = spec.id();
        form = new ParameterForm(prefix, spec, Set.of()).untitled();
        command = new CommandLinePreview(prefix, spec);
        form.addChangeListener(this::changed);
        report.setName(prefix + ".report");
        report.setRows(8);
        error.setName(prefix + ".error");
        error.setForeground(FormRows.errorColor());
        run.setName(prefix + ".run");
        cancel.setName(prefix + ".cancel");
        cancel.setEnabled(false);
        run.addActionListener(e -> run());
        cancel.addActionListener(e -> cancelRun());
        close.addActionListener(e -> dispose());

        JPanel content = FormRows.form();
        FormRows rows = new FormRows(content);
        rows.full(new JLabel("<html>" + forTheDialog(spec.description()) + "</html>"), 0);
        rows.full(form.component(), 0);
        rows.title("Command line", command.component()).line(command.component(), null);
        rows.title("Report", report).full(new JScrollPane(report), 1);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING, 6, 0));
        buttons.add(run);
        buttons.add(cancel);
        buttons.add(close);
        JPanel bottom = new JPanel(new BorderLayout(0, 6));
        bottom.add(error, BorderLayout.NORTH);
        bottom.add(buttons, BorderLayout.SOUTH);
        JPanel root = new JPanel(new BorderLayout(0, 10));
        root.setBorder(BorderFactory.createEmptyBorder(12, 14, 10, 14));
        root.add(FormRows.scroll(content), BorderLayout.CENTER);
        root.add(bottom, BorderLayout.SOUTH);
        setContentPane(root);
        setPreferredSize(new Dimension(720, 760));
        pack();
        form.layersChanged(context.layers().layers());
        context.layers().addListener(layerListener);
        changed();
    }

    /** The map's layers, offered for the input rasters and features. */
    private final org.deepraster.plugin.LayerService.LayerListener layerListener =
            new org.deepraster.plugin.LayerService.LayerListener() {
                @Override
                public void layerAdded(org.deepraster.plugin.LayerInfo layer) {
                    SwingUtilities.invokeLater(() -> form.layersChanged(context.layers().layers()));
                }

                @Override
                public void layerRemoved(org.deepraster.plugin.LayerInfo layer) {
                    SwingUtilities.invokeLater(() -> form.layersChanged(context.layers().layers()));
                }
            };

    /** The tool's description without what only the command line needs (its exit codes). */
    static String forTheDialog(java.util.List<String> description) {
        return String.join(" ", description).replaceAll("\\s*Exit codes:[^.]*\\.", "").trim()
                .replace("&", "&amp;").replace("<", "&lt;");
    }

    /** The form's values. */
    public ParameterValues values() {
        return form.put(spec.newValues());
    }

    /** The parameters record of the form (a {@link UserException} says what is missing or wrong). */
    public P parameters() throws IOException {
        return spec.parameters(values());
    }

    private String missing() {
        ParameterValues v = values();
        for (Parameter p : spec.parameters()) {
            if (p.required() && v.optional(p.name()) == null) {
                return "Give " + p.label().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }

    private void changed() {
        String missing = missing();
        command.followValues(missing, this::values);
        run.setEnabled(running == null && missing == null);
    }

    /** Runs as the Run button does. */
    public void run() {
        P p;
        try {
            p = parameters();
        } catch (UserException e) {
            showError(e.userMessage());
            return;
        } catch (IOException e) {
            org.deepraster.util.Log.failure(LOG, spec.title() + ": the inputs could not be read", e);
            showError("The inputs could not be read: " + e.getMessage());
            return;
        }
        showError(" ");
        report.setText("");
        setIdle(false);
        PrintWriter out = new PrintWriter(new AreaWriter(), true);
        previewed.clear();
        running = context.tasks().submit(spec.title(),
                progress -> spec.run(p, new ToolConsole(out, out, false, progress, this::beginPreview)));
        running.result().whenComplete((code, failure) -> SwingUtilities.invokeLater(() -> finished(code, failure)));
    }

    private void finished(Integer code, Throwable failure) {
        running = null;
        setIdle(true);
        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        if (cause instanceof UserException u) {
            showError(u.userMessage());
        } else if (cause instanceof org.deepraster.util.CancelledException) {
            showError("Cancelled.");
        } else if (cause != null) {
            org.deepraster.util.Log.failure(LOG, spec.title() + ": the run failed", cause);
            showError("The run failed: " + cause + ". " + org.deepraster.util.Log.where());
        } else {
            lastExitCode = code;
            showError(code == 0 ? " " : code == 130 ? "Cancelled." : "Finished with problems (exit code " + code + ").");
            openOutputs();
        }
        changed();
    }

    /**
     * A raster the run is filling, on the map as a streaming raster layer; when it is written the file takes its place
     * (and is not opened again with the outputs). Called on the run's threads.
     */
    private RasterPreviews.Preview beginPreview(String name, org.deepraster.geo.GridGeometry grid, int[] palette,
                                                int noData) {
        org.deepraster.plugin.LayerService.StreamingRaster layer = context.layers().addStreamingRaster(name, grid, palette,
                noData);
        return new RasterPreviews.Preview() {
            @Override
            public void putBlock(java.awt.Rectangle window, int[] values) {
                layer.putBlock(window, values);
            }

            @Override
            public void finish(Path file) {
                if (file != null) {
                    previewed.add(file.toAbsolutePath().normalize());
                }
                layer.finish(file);
            }
        };
    }

    /** Opens the files the run wrote on the map (those a preview already put there aside). */
    private void openOutputs() {
        ParameterValues v = values();
        for (Parameter p : spec.parameters()) {
            if (p.type() == Parameter.Type.OUTPUT_FILE && v.optional(p.name()) != null) {
                Path file = v.path(p.name());
                if (Files.isRegularFile(file)) {
                    context.layers().open(file);
                }
            }
        }
        try {
            for (Path file : spec.shownOutputs(spec.parameters(v))) {
                if (!previewed.contains(file.toAbsolutePath().normalize())) {
                    context.layers().open(file);
                }
            }
        } catch (IOException | UserException e) {
            showError("The outputs could not be opened: " + e.getMessage());
        }
    }

    /** Cancels the run in flight. */
    public void cancelRun() {
        if (running != null) {
            running.cancel();
        }
    }

    public boolean isRunning() {
        return running != null;
    }

    /** The exit code of the last run that ended (-1 before). */
    public int lastExitCode() {
        return lastExitCode;
    }

    /** What the last run reported. */
    public String reportText() {
        return report.getText();
    }

    /** The error shown (message and hint on two lines), or "". */
    public String errorText() {
        return errorText;
    }

    private void showError(String text) {
        errorText = text.isBlank() ? "" : text;
        String html = errorText.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>");
        error.setText(errorText.isEmpty() ? " " : "<html>" + html + "</html>");
    }

    public String commandLine() {
        return command.text();
    }

    ParameterForm form() {
        return form;
    }

    CommandLinePreview commandPreview() {
        return command;
    }

    private void setIdle(boolean idle) {
        form.setEnabled(idle);
        run.setEnabled(idle);
        cancel.setEnabled(!idle);
    }

    @Override
    public void dispose() {
        cancelRun();
        context.layers().removeListener(layerListener);
        super.dispose();
    }

    /** Appends what the run prints to the report, on the EDT. */
    private final class AreaWriter extends Writer {
        @Override
        public void write(char[] buf, int off, int len) {
            String s = new String(buf, off, len).replace("\r", "");
            SwingUtilities.invokeLater(() -> report.append(s));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
