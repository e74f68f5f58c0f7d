package org.deepraster.viewer;

import java.awt.FlowLayout;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.Timer;

/**
 * The running tasks in the status bar: the first task's description, a progress bar, a cancel
 * button, and how many more run. Refreshed by a timer while tasks run (progress coalesced). The
 * panel asks for at most {@link #MAX_WIDTH} px: a longer description is cut at its end ("…"; the
 * whole in the tooltip), never at its start, and the status message beside it keeps its room.
 */
final class TaskStatusPanel extends JPanel {
    /** The widest the panel asks to be. */
    static final int MAX_WIDTH = 520;
    private final TaskManager tasks;
    private final JLabel label = new JLabel();
    private final JProgressBar bar = new JProgressBar(0, 1000);
    private final JButton cancel = new JButton("Cancel");
    private final Timer timer = new Timer(200, e -> refresh());
    private TaskManager.Task<?> shown;

    TaskStatusPanel(TaskManager tasks) {
        super(new java.awt.BorderLayout(6, 0));
        this.tasks = tasks;
        setName("statusTasks");
        label.setName("statusTaskLabel");
        bar.setName("statusTaskProgress");
        cancel.setName("statusTaskCancel");
        cancel.setToolTipText("Cancel this task");
        bar.setPreferredSize(new java.awt.Dimension(140, bar.getPreferredSize().height));
        cancel.addActionListener(e -> {
            if (shown != null) {
                shown.cancel();
                label.setText(shown.title() + ": cancelling…");
            }
        });
        JPanel controls = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        controls.setOpaque(false);
        controls.add(bar);
        controls.add(cancel);
        add(label, java.awt.BorderLayout.CENTER);
        add(controls, java.awt.BorderLayout.EAST);
        setVisible(false);
        tasks.addListener(this::update);
    }

    @Override
    public java.awt.Dimension getPreferredSize() {
        java.awt.Dimension d = super.getPreferredSize();
        return new java.awt.Dimension(Math.min(d.width, MAX_WIDTH), d.height);
    }

    private void update(List<TaskManager.Task<?>> running) {
        if (running.isEmpty()) {
            timer.stop();
            shown = null;
            setVisible(false);
        } else {
            if (!timer.isRunning()) {
                timer.start();
            }
            setVisible(true);
            refresh();
        }
    }

    private void refresh() {
        List<TaskManager.Task<?>> running = tasks.running();
        if (running.isEmpty()) {
            update(running);
            return;
        }
        shown = running.get(0);
        String more = running.size() > 1 ? "  (+" + (running.size() - 1) + " more)" : "";
        label.setText((shown.isCancelled() ? shown.title() + ": cancelling…" : shown.describe()) + more);
        label.setToolTipText(label.getText());
        double f = shown.fraction();
        bar.setIndeterminate(f < 0);
        if (f >= 0) {
            bar.setValue((int) Math.round(f * 1000));
        }
        cancel.setEnabled(!shown.isCancelled());
    }
}
