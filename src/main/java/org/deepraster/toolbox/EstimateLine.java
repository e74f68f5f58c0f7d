package org.deepraster.toolbox;

import java.awt.event.HierarchyEvent;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.RunEstimate;
import org.deepraster.tool.ToolSpec;
import org.deepraster.util.Log;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * The pre-run estimate under a dialog's command line ({@link ToolSpec#estimate}: time and peak heap from a calibration
 * batch of the same pipeline, test-time augmentation views included), recomputed when the form changes: debounced
 * ({@link #DEBOUNCE_MS} after the last change), on one background thread of its own at low priority (never the EDT),
 * the calculation in flight cancelled by a newer one and when the dialog closes (the label leaves a displayable
 * hierarchy). Component name {@code <prefix>.estimate}. Created and driven on the EDT.
 */
final class EstimateLine {
    static final int DEBOUNCE_MS = 600;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(EstimateLine.class.getName());
    private final JLabel label = new JLabel(" ");
    private final ToolSpec<?> tool;
    private final Timer debounce;
    private ExecutorService worker;
    private InferenceEngine engine;
    private ParameterValues pending;
    private AtomicBoolean inFlight;
    private int generation;
    /** The command line of the values last estimated (or being estimated): the same form again is not re-run. */
    private String estimatedKey;

    EstimateLine(String prefix, ToolSpec<?> tool) {
        this.tool = tool;
        label.setName(prefix + ".estimate");
        label.setToolTipText("<html>Measured on one batch of this run (written to a scratch folder) and projected to the"
                + " whole job;<br>recomputed when the parameters change. The first batch includes warming up.</html>");
        debounce = new Timer(DEBOUNCE_MS, e -> start());
        debounce.setRepeats(false);
        label.addHierarchyListener(e -> {
            if ((e.getChangeFlags() & HierarchyEvent.DISPLAYABILITY_CHANGED) != 0 && !label.isDisplayable()) {
                stop();
            }
        });
    }

    JLabel component() {
        return label;
    }

    /** The engine to calibrate with (the dialog's, so the session it opens is the run's); null: one of its own. */
    void useEngine(InferenceEngine e) {
        engine = e;
    }

    /** The form now says {@code values} (null: incomplete); an estimate follows after the debounce. EDT. */
    void follow(ParameterValues values) {
        String key = values == null ? null : key(values);
        if (key != null && key.equals(estimatedKey)) {
            return; // the same run (e.g. the preview refreshed for a map change): the estimate stands
        }
        estimatedKey = null;
        pending = values;
        generation++;
        cancelInFlight();
        if (values == null) {
            debounce.stop();
            label.setText("Estimate: when the form is complete");
            return;
        }
        label.setText("Estimate: …");
        debounce.restart();
    }

    private void start() {
        if (pending == null || !label.isDisplayable()) {
            return;
        }
        ParameterValues v = pending;
        estimatedKey = key(v);
        int gen = generation;
        AtomicBoolean cancel = new AtomicBoolean();
        inFlight = cancel;
        label.setText("Estimate: running one calibration batch…");
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "deepraster-estimate");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });
        }
        InferenceEngine shared = engine;
        worker.submit(() -> {
            String text;
            try {
                RunEstimate e = estimate(tool, v, shared, cancel);
                text = e == null ? (cancel.get() ? null : "Estimate: none for " + tool.title() + " (it runs no model)")
                        : e.line();
            } catch (UserException ex) {
                text = "Estimate: not available — " + ex.getMessage();
            } catch (Throwable ex) {
                Log.failure(LOG, "Pre-run estimate of " + tool.id(), ex);
                text = "Estimate: failed — " + ex.getMessage();
            }
            String shown = text;
            SwingUtilities.invokeLater(() -> {
                if (gen == generation && shown != null && !cancel.get()) {
                    label.setText(shown);
                    label.setToolTipText(shown);
                }
            });
        });
    }

    private String key(ParameterValues v) {
        try {
            return String.valueOf(org.deepraster.tool.CommandLines.args(tool, v));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <P> RunEstimate estimate(ToolSpec<P> tool, ParameterValues v, InferenceEngine shared,
                                            AtomicBoolean cancel) throws java.io.IOException {
        P p = tool.parameters(v);
        Progress c = Progress.cancelledWhen(cancel::get);
        if (shared != null) {
            return tool.estimate(p, shared, c);
        }
        try (InferenceEngine own = new InferenceEngine()) {
            return tool.estimate(p, own, c);
        }
    }

    private void cancelInFlight() {
        if (inFlight != null) {
            inFlight.set(true);
            inFlight = null;
        }
    }

    /** The dialog closed: no more estimates, the one in flight cancelled, the thread ended. */
    private void stop() {
        debounce.stop();
        cancelInFlight();
        if (worker != null) {
            worker.shutdown();
            worker = null;
        }
    }

    /** The label's text (tests). */
    String text() {
        return label.getText();
    }
}
