package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.ArrayList;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import org.deepraster.job.JobProgress;
import org.deepraster.util.UserException;

/**
 * The bottom of a tool dialog, as {@link ToolRunner} drives it: the error in red, the progress bar
 * and the line under it, the summary of a finished run with its buttons ({@link ToolRunner.Action}),
 * and the Run / Cancel / Close buttons (the runner wires them). Component names are
 * {@code <prefix>.error}, {@code .progress}, {@code .progressText}, {@code .summary},
 * {@code .actions}, {@code .run}, {@code .cancel}, {@code .close}. EDT only.
 */
final class RunStatus {
    private final JDialog dialog;
    private final String prefix;
    private final String runTip;
    private final JTextArea error = FormRows.text();
    private final JProgressBar progress = new JProgressBar();
    private final JLabel progressText = new JLabel(" ");
    private final JTextArea summary = FormRows.text();
    private final JScrollPane summaryScroll = new JScrollPane(summary);
    private final JButton run = new JButton("Run");
    private final JButton cancel = new JButton("Cancel");
    private final JButton close = new JButton("Close");
    private final JPanel actions = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 0));
    private final JPanel bottom = new JPanel(new BorderLayout(0, 6));

    /** {@code runTip} is Run's tooltip while it can start. */
    RunStatus(JDialog dialog, String prefix, String runTip) {
        this.dialog = dialog;
        this.prefix = prefix;
        this.runTip = runTip;
        error.setName(prefix + ".error");
        error.setForeground(FormRows.errorColor());
        error.setVisible(false);
        progress.setName(prefix + ".progress");
        progress.setStringPainted(true);
        progress.setString("");
        progress.setVisible(false);
        progressText.setName(prefix + ".progressText");
        summary.setName(prefix + ".summary");
        summaryScroll.setName(prefix + ".summary.scroll");
        summaryScroll.setBorder(BorderFactory.createEmptyBorder());
        summaryScroll.setPreferredSize(new Dimension(100, 110));
        summaryScroll.setVisible(false);
        actions.setName(prefix + ".actions");
        actions.setVisible(false);
        run.setName(prefix + ".run");
        cancel.setName(prefix + ".cancel");
        cancel.setEnabled(false);
        cancel.setToolTipText("Stops after the batch in flight; the output keeps what is finished");
        close.setName(prefix + ".close");

        JPanel status = new JPanel(new BorderLayout(0, 4));
        status.add(error, BorderLayout.NORTH);
        JPanel bar = new JPanel(new BorderLayout(0, 2));
        bar.add(progress, BorderLayout.NORTH);
        bar.add(progressText, BorderLayout.CENTER);
        status.add(bar, BorderLayout.CENTER);
        JPanel after = new JPanel(new BorderLayout(0, 4));
        after.add(summaryScroll, BorderLayout.CENTER);
        after.add(actions, BorderLayout.SOUTH);
        status.add(after, BorderLayout.SOUTH);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING, 6, 0));
        buttons.add(run);
        buttons.add(cancel);
        buttons.add(close);
        bottom.add(status, BorderLayout.CENTER);
        bottom.add(buttons, BorderLayout.SOUTH);
    }

    JComponent component() {
        return bottom;
    }

    /** Run, Cancel and Close, for the runner to wire. */
    JButton runButton() {
        return run;
    }

    JButton cancelButton() {
        return cancel;
    }

    JButton closeButton() {
        return close;
    }

    /** Enables Run unless something is {@code missing} (then its tooltip says what), and Cancel. */
    void setButtons(String missing, boolean canCancel) {
        run.setEnabled(missing == null);
        run.setToolTipText(missing == null ? runTip : missing);
        cancel.setEnabled(canCancel);
    }

    /** Clears what the last run said (a new run starts). */
    void clear() {
        showError(null);
        summaryScroll.setVisible(false);
        showActions(List.of());
    }

    /** The inputs are being opened (an indeterminate bar). */
    void planning() {
        progress.setVisible(true);
        progress.setIndeterminate(true);
        progress.setString("Checking the inputs…");
        progressText.setText("Opening the inputs…");
    }

    /** The bar goes; the line says {@code line} (" " for nothing). */
    void hideProgress(String line) {
        progress.setIndeterminate(false);
        progress.setVisible(false);
        progressText.setText(line);
    }

    /** The run started: {@code total} items ({@code <= 0}: unknown, an indeterminate bar). */
    void started(long total, String line) {
        progress.setIndeterminate(total <= 0);
        progress.setMaximum(1000);
        progress.setValue(0);
        progress.setString(total > 0 ? "0 / " + total : "Running…");
        progressText.setText(line);
    }

    /** The bar at {@code p}; the line under it says {@code line} unless it is null (left as it is). */
    void progress(JobProgress p, String line) {
        progress.setIndeterminate(false);
        progress.setValue((int) Math.round(p.fraction() * 1000));
        progress.setString(p.done() + " / " + p.total());
        if (line != null) {
            progressText.setText(line);
        }
    }

    /** The run returned a result without a last progress: a full bar saying Done. */
    void done() {
        progress.setIndeterminate(false);
        progress.setValue(1000);
        progress.setString("Done");
        progressText.setText(" ");
    }

    /** The line under the bar. */
    void progressLine(String line) {
        progressText.setText(line);
    }

    void showError(Throwable t) {
        if (t == null) {
            error.setText("");
            error.setVisible(false);
        } else {
            String text = t instanceof UserException u ? u.userMessage()
                    : "Could not run: " + (t.getMessage() != null ? t.getMessage() : t.toString()) + "\n"
                    + org.deepraster.util.Log.where();
            error.setText(text);
            error.setVisible(true);
        }
        dialog.revalidate();
        dialog.repaint();
    }

    void showActions(List<ToolRunner.Action> offered) {
        actions.removeAll();
        for (ToolRunner.Action a : offered) {
            JButton b = new JButton(a.text());
            b.setName(prefix + "." + a.name());
            b.setEnabled(a.enabled());
            b.setToolTipText(a.tip());
            b.addActionListener(e -> a.action().run());
            if (actions.getComponentCount() > 0) {
                actions.add(Box.createHorizontalStrut(6));
            }
            actions.add(b);
        }
        actions.setVisible(!offered.isEmpty());
        dialog.revalidate();
        dialog.repaint();
    }

    void showSummary(String text) {
        summary.setText(text);
        summary.setCaretPosition(0);
        // as high as its lines (a one-line summary leaves no gap), scrolling beyond about six
        int lines = text.lines().mapToInt(l -> 1 + l.length() / 95).sum(); // long lines wrap
        int lineHeight = summary.getFontMetrics(summary.getFont()).getHeight();
        summaryScroll.setPreferredSize(new Dimension(100, Math.min(110, Math.max(1, lines) * lineHeight + 6)));
        summaryScroll.setVisible(true);
        dialog.revalidate();
        dialog.repaint();
    }

    /** The buttons shown under the summary (empty before a run ends). */
    List<JButton> actionButtons() {
        List<JButton> out = new ArrayList<>();
        if (actions.isVisible()) {
            for (java.awt.Component c : actions.getComponents()) {
                if (c instanceof JButton b) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /** The summary of the last run ("" before one ends). */
    String summary() {
        return summaryScroll.isVisible() ? summary.getText() : "";
    }

    /** The error shown ("" when none). */
    String errorText() {
        return error.isVisible() ? error.getText() : "";
    }
}
