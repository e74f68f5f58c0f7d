package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.util.List;
import java.util.Locale;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JTextArea;
import javax.swing.UIManager;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolSpec;

/**
 * The command line that does what a tool dialog's form says, kept up to date as the form changes,
 * with a Copy button: users learn the command and can script a run they set up in the dialog.
 * The command comes from the tool's declarations ({@link CommandLines}); tests parse it back with
 * the generated command and compare the parameters records. Component names:
 * {@code <prefix>.command}, {@code <prefix>.command.copy}. EDT only.
 */
public final class CommandLinePreview {
    private final JTextArea text = new JTextArea(2, 40);
    private final JButton copy = new JButton("Copy");
    private final JButton saveJob = new JButton("Save job…");
    private final JPanel panel = new JPanel(new BorderLayout(6, 0));
    private final ToolSpec<?> tool;
    /** The values of the command shown (null while the form is incomplete or not valid). */
    private ParameterValues shown;
    /** The pre-run estimate under the command line. */
    private final EstimateLine estimate;

    /** A preview of {@code tool}'s command line, with Save job… writing the same run as a job file. */
    public CommandLinePreview(String prefix, ToolSpec<?> tool) {
        this.tool = java.util.Objects.requireNonNull(tool, "tool");
        text.setName(prefix + ".command");
        text.setEditable(false);
        text.setLineWrap(true);
        text.setWrapStyleWord(true);
        Font f = UIManager.getFont("TextArea.font");
        text.setFont(new Font(Font.MONOSPACED, Font.PLAIN, f == null ? 12 : f.getSize()));
        text.setToolTipText("The same run from a terminal");
        copy.setName(prefix + ".command.copy");
        copy.setToolTipText("Copy the command line to the clipboard");
        copy.addActionListener(e -> Toolkit.getDefaultToolkit().getSystemClipboard()
                .setContents(new StringSelection(text.getText()), null));
        panel.add(text, BorderLayout.CENTER);
        JPanel east = new JPanel(new BorderLayout(0, 4));
        east.add(copy, BorderLayout.NORTH);
        saveJob.setName(prefix + ".command.saveJob");
        saveJob.setToolTipText("Save this run as a job file: deepraster run JOB.json runs it again, from a script or a cluster");
        saveJob.setEnabled(false);
        saveJob.addActionListener(e -> chooseAndSave());
        east.add(saveJob, BorderLayout.SOUTH);
        panel.add(east, BorderLayout.EAST);
        estimate = new EstimateLine(prefix, tool);
        panel.add(estimate.component(), BorderLayout.SOUTH);
    }

    /** The engine the estimate calibrates with (the dialog's own, so the session is the run's). */
    public void useEngine(org.deepraster.inference.InferenceEngine engine) {
        estimate.useEngine(engine);
    }

    /** The estimate line's text (tests). */
    String estimateText() {
        return estimate.text();
    }

    /** A spinner of a ratio wide enough for "0.05" and the like (the default editor clips it). */
    public static javax.swing.JSpinner ratioSpinner(double value) {
        javax.swing.JSpinner s = new javax.swing.JSpinner(new javax.swing.SpinnerNumberModel(value, 0.0, 1.0, 0.05));
        s.setEditor(new javax.swing.JSpinner.NumberEditor(s, "0.0##"));
        ((javax.swing.JSpinner.DefaultEditor) s.getEditor()).getTextField().setColumns(4);
        return s;
    }

    public JComponent component() {
        return panel;
    }

    /** Shows this command ({@code null}: what the form still lacks, as a comment). */
    private void show(List<String> args, String missing) {
        text.setText(args == null ? "# " + missing : "deepraster " + join(args));
    }

    /**
     * Follows the form of a declared tool: what it still lacks ({@code missing} not null), else the command of the
     * values {@code values} gives, or the message of the {@link org.deepraster.util.UserException} it throws or that
     * checking the values against their declarations gives ({@link ParameterValues#check()}).
     */
    public void followValues(String missing, java.util.function.Supplier<ParameterValues> values) {
        shown = null;
        if (missing != null) {
            show(null, missing);
        } else {
            try {
                ParameterValues v = values.get().check();
                show(CommandLines.args(tool, v), null);
                shown = v;
            } catch (org.deepraster.util.UserException e) {
                show(null, e.getMessage());
            }
        }
        saveJob.setEnabled(shown != null);
        estimate.follow(shown);
    }

    /** Writes the job of the command shown to {@code file}; false when the form is not complete. */
    public boolean saveJob(java.nio.file.Path file) throws java.io.IOException {
        if (shown == null) {
            return false;
        }
        new JobFile(tool.id(), shown).write(file);
        return true;
    }

    private void chooseAndSave() {
        javax.swing.JFileChooser fc = new javax.swing.JFileChooser();
        fc.setFileFilter(new javax.swing.filechooser.FileNameExtensionFilter("Job files (*.json)", "json"));
        fc.setSelectedFile(new java.io.File(tool.id() + "-job.json"));
        if (fc.showSaveDialog(panel) != javax.swing.JFileChooser.APPROVE_OPTION) {
            return;
        }
        java.nio.file.Path file = fc.getSelectedFile().toPath();
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            file = file.resolveSibling(file.getFileName() + ".json");
        }
        try {
            saveJob(file);
        } catch (java.io.IOException | RuntimeException ex) {
            javax.swing.JOptionPane.showMessageDialog(panel, "The job could not be saved to " + file + ": " + ex.getMessage(),
                    "Save job", javax.swing.JOptionPane.ERROR_MESSAGE);
        }
    }

    /** The text shown. */
    public String text() {
        return text.getText();
    }

    /** Arguments joined for a POSIX shell, quoted where needed. */
    public static String join(List<String> args) {
        return CommandLines.join(args);
    }
}
