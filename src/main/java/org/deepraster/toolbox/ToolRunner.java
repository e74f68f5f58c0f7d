package org.deepraster.toolbox;

import java.awt.Color;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.WindowConstants;
import org.deepraster.feature.Feature;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobProgress;
import org.deepraster.job.ResultSink;
import org.deepraster.model.ClassInfo;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.plugin.PluginContext;
import org.deepraster.plugin.TaskService;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Log;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/**
 * Runs a tool from its dialog and shows how it goes; every tool dialog of the toolbox has one. It
 * owns the bottom of the dialog ({@link #bottom()}, a {@link RunStatus}: error, progress bar and line,
 * summary, and the Run / Cancel / Close buttons) and the life of a run:
 * <ol>
 * <li>Run: {@link Steps#parameters()} builds the tool's parameters record from the form (the same
 *     record the command line builds); a {@link UserException} is shown in red in the dialog.</li>
 * <li>An output that exists: a question ({@link RunQuestions}, named {@code <prefix>.exists}) offers
 *     {@link Steps#existingChoices()} (Overwrite, Resume where the tool can) and Cancel.</li>
 * <li>{@link Steps#plan} runs in a {@link SwingWorker} (opening the model and rasters is slow);
 *     its errors are shown in the dialog and nothing runs.</li>
 * <li>On the EDT {@link Steps#layer} may add a {@link LayerService.StreamingLayer}; an earlier layer
 *     of this dialog for the same output is replaced. The run is submitted to the host's
 *     {@link TaskService} (status bar) with a {@link CallbackSink} that appends results to the layer
 *     from the job's thread and hands progress to the EDT.</li>
 * <li>When it ends the bar, {@link Steps#summary} and any {@link Steps#failure} are shown, with
 *     buttons under the summary for what can be done with the result: the dialog's
 *     {@link Steps#actions} (e.g. Open folder), and Review results when a {@link #setReviewer
 *     reviewer} is set and the run put a layer on the map; {@link Steps#finished} runs on the EDT
 *     (e.g. to open a written output as a layer).</li>
 * </ol>
 * A tool whose results are not map features (Export Training Data writes a folder of chips) returns
 * null from {@link Steps#layer}, hands its progress on with {@link #progressOnly}, and says when its
 * output counts as existing with {@link Steps#existingOutput} (a folder that is not empty).
 * Cancel stops the run (after the batch in flight). Closing the dialog (its Close button, Escape or
 * the window's close box) while a run is going asks (a question named {@code <prefix>.closing}):
 * <em>Run in background</em> closes the dialog and lets the run finish (the status bar shows it; a
 * notification says how it ended), <em>Cancel run</em> cancels it and closes, <em>Keep open</em> does
 * nothing. A dialog disposed without asking (the plugin stopping) cancels its run. The static helpers
 * at the end are for the dialogs' {@link Steps} (texts from {@link RunTexts}, the map style of a
 * model's classes, a progress-only sink).
 *
 * <p>Component names: {@code <prefix>.error}, {@code .progress}, {@code .progressText},
 * {@code .summary}, {@code .actions}, {@code .review}, {@code .run}, {@code .cancel}, {@code .close}
 * (and {@code <prefix>.<name>} for each {@link Action}). Create and use on the EDT; the
 * dialog calls {@link #update()} when its form changes and {@link #disposed()} from its
 * {@code dispose()}.
 *
 * @param <P> the tool's parameters record
 * @param <L> its plan (what {@link Steps#plan} returns; owned by the run)
 * @param <R> its result
 */
public final class ToolRunner<P, L, R> {
    private static final java.util.logging.Logger LOG = Log.logger(ToolRunner.class);

    /** What Run does with an output that exists. */
    public enum Existing { OVERWRITE, RESUME, CANCEL }

    /** What a tool's dialog tells its runner. Methods without a note are called on the EDT. */
    public interface Steps<P, L, R> {
        /** Why Run cannot start yet (its tooltip), or null when it can. */
        String missing();

        /** Enables (idle) or disables (a run is going) the dialog's own fields. */
        void setIdle(boolean idle);

        /** The parameters the form describes; a {@link UserException} for what is missing or wrong. */
        P parameters();

        /** The file (or folder) the parameters write. */
        Path output(P p);

        /**
         * The output to ask about before a run ("Overwrite?"), or null when there is nothing to
         * replace. By default the output file ({@code .gpkg} added when it has no extension) when it
         * exists; a tool writing a folder asks only when the folder is not empty.
         */
        default Path existingOutput(P p) {
            Path out = OutputField.effectiveOutput(output(p));
            return Files.exists(out) ? out : null;
        }

        /** What the output-exists question offers besides Cancel, and what each means (one line each). */
        Map<Existing, String> existingChoices();

        /** The parameters for the choice made in the output-exists question. */
        P withExisting(P p, Existing choice);

        /** Checks and prepares the run; off the EDT. */
        L plan(P p) throws Exception;

        /**
         * Closes a plan that will not run (the run was cancelled or the dialog closed while planning);
         * by default closes it quietly when it is {@link AutoCloseable}.
         */
        default void discard(L plan) {
            if (plan instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }

        /** The layer results stream onto, added to the map now; null for none. */
        LayerService.StreamingLayer layer(L plan, P p);

        /** The status bar's title of the run. */
        String title(L plan);

        /** What the progress line says when the run starts. */
        String startText(L plan);

        /** Items to do, for the bar ({@code <= 0}: unknown, an indeterminate bar). */
        long total(L plan);

        /**
         * Runs the plan on the task's thread and closes it. {@code sinks} holds the sink that streams
         * onto the layer and reports progress (use it as the tool's result sink).
         */
        R run(L plan, Progress progress, List<ResultSink<Feature>> sinks) throws Exception;

        /** The job engine's report of a result (the defaults below read it), or null when the tool has none. */
        default org.deepraster.job.JobReport report(R result) {
            return null;
        }

        /** The last progress of a result (for the bar), or null. */
        default JobProgress progressOf(R result) {
            org.deepraster.job.JobReport r = report(result);
            return r == null ? null : r.progress();
        }

        /** The line under the bar for a progress update. */
        String progressLine(JobProgress p);

        /** The summary of a finished run. */
        String summary(R result);

        /** An error to show for a result (a run that stopped with an error), or null. */
        default UserException failure(R result) {
            org.deepraster.job.JobReport r = report(result);
            return r == null ? null : stopped(r, "What was finished is in the output; fix the cause and run again.");
        }

        /**
         * Buttons offered under the summary of a run that returned a result (e.g. Open folder);
         * {@code layer} is the run's layer on the map (null for none).
         */
        default List<Action> actions(R result, LayerInfo layer) {
            return List.of();
        }

        /** After a run returned its result, on the EDT (also when the dialog was closed meanwhile). */
        default void finished(R result) {
        }
    }

    /**
     * Opens the review of a run's layer; when the review puts another layer in its place (the file's
     * features), it hands that layer to {@code replacedBy}, so that a later run replaces it in turn.
     */
    @FunctionalInterface
    public interface Reviewer {
        void review(LayerInfo layer, Consumer<LayerInfo> replacedBy);
    }

    /**
     * A button under the summary of a finished run, named {@code <prefix>.<name>}; a disabled one
     * shows {@code tip} saying why.
     */
    public record Action(String name, String text, String tip, boolean enabled, Runnable action) {
    }

    private final JDialog dialog;
    private final PluginContext context;
    private final Steps<P, L, R> steps;
    private final RunStatus status;
    private final RunQuestions questions;
    /** The layers the runs of this dialog added to the map. */
    private final List<LayerInfo> ownLayers = new ArrayList<>();
    /** The run in progress (planning or running), or null. */
    private Running<L, R> running;
    /** Opens the review of a run's layer (null: no Review results button). */
    private Reviewer reviewer;

    /** A run from planning to its end. EDT fields, except {@code result} (set on the job thread). */
    private static final class Running<L, R> {
        TaskService.TaskHandle<R> handle;
        final AtomicReference<R> result = new AtomicReference<>();
        /** The layer the run streams onto, or null. */
        LayerInfo layer;
        boolean cancelRequested;
        /** The user closed the dialog and let the run go on. */
        boolean background;
        String title;
    }

    public ToolRunner(JDialog dialog, String prefix, PluginContext context, String runTip, Steps<P, L, R> steps) {
        this.dialog = dialog;
        this.context = context;
        this.steps = steps;
        this.status = new RunStatus(dialog, prefix, runTip);
        this.questions = new RunQuestions(dialog, prefix);
        status.runButton().addActionListener(e -> run());
        status.cancelButton().addActionListener(e -> cancelRun());
        status.closeButton().addActionListener(e -> requestClose());

        dialog.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        dialog.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                requestClose();
            }
        });
        dialog.getRootPane().setDefaultButton(null);
        dialog.getRootPane().registerKeyboardAction(e -> requestClose(), KeyStroke.getKeyStroke("ESCAPE"),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
    }

    /** The status area and the buttons, for the bottom of the dialog. */
    public JComponent bottom() {
        return status.component();
    }

    /** Enables Run (with a tooltip saying what is missing), Cancel and the dialog's fields for the state. */
    public void update() {
        boolean idle = running == null;
        String missing = idle ? steps.missing() : "A run is in progress";
        status.setButtons(missing, running != null && running.handle != null && !running.cancelRequested);
        steps.setIdle(idle);
    }

    /** A layer a run of this dialog put on the map otherwise (replaced when a later run writes the same output). */
    public void adopt(LayerInfo layer) {
        ownLayers.add(layer);
    }

    /** Whether a run is being planned or running. */
    public boolean isRunning() {
        return running != null;
    }

    /**
     * Offers Review results (named {@code <prefix>.review}) after a run that put a layer on the map:
     * it calls {@code reviewer} with that layer (e.g. to open the review panel on it); null: none.
     */
    public void setReviewer(Reviewer reviewer) {
        this.reviewer = reviewer;
    }

    /** The buttons shown under the summary (empty before a run ends). */
    public List<JButton> actionButtons() {
        return status.actionButtons();
    }

    /** The summary of the last run ("" before one ends). */
    public String summary() {
        return status.summary();
    }

    /** The error shown ("" when none). */
    public String errorText() {
        return status.errorText();
    }

    // ------------------------------------------------------------------ run

    /** Checks, plans off the EDT and starts the run; what Run does. */
    public void run() {
        if (running != null) {
            return;
        }
        status.clear();
        P p;
        try {
            p = steps.parameters();
        } catch (UserException e) {
            status.showError(e);
            return;
        }
        Path out = steps.existingOutput(p);
        if (out != null) {
            Existing choice = questions.askExisting(out, steps.existingChoices());
            if (choice == Existing.CANCEL) {
                return;
            }
            p = steps.withExisting(p, choice);
        }
        Running<L, R> r = new Running<>();
        running = r;
        status.planning();
        update();
        P params = p;
        new SwingWorker<L, Void>() {
            @Override
            protected L doInBackground() throws Exception {
                return steps.plan(params);
            }

            @Override
            protected void done() {
                L plan;
                try {
                    plan = get();
                } catch (ExecutionException e) {
                    running = null;
                    status.hideProgress(" ");
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    Log.failure(LOG, dialog.getTitle() + ": the inputs could not be prepared", cause);
                    status.showError(cause);
                    if (r.background) {
                        notifyEnd(null, cause);
                    }
                    update();
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (r.cancelRequested || !dialog.isDisplayable() && !r.background) {
                    steps.discard(plan);
                    running = null;
                    status.hideProgress(r.cancelRequested ? "Cancelled before the run started; nothing was written." : " ");
                    update();
                    return;
                }
                start(r, plan, params);
            }
        }.execute();
    }

    private void start(Running<L, R> r, L plan, P params) {
        Path out = OutputField.effectiveOutput(steps.output(params)).toAbsolutePath();
        // an earlier run of this dialog to the same output: its layer goes (this run's replaces it)
        for (LayerInfo old : List.copyOf(ownLayers)) {
            if (old.path().map(q -> q.toAbsolutePath().equals(out)).orElse(false)) {
                context.layers().remove(old);
                ownLayers.remove(old);
            }
        }
        LayerService.StreamingLayer layer = steps.layer(plan, params);
        if (layer != null) {
            ownLayers.add(layer.info());
            r.layer = layer.info();
        }
        CallbackSink<Feature> sink = new CallbackSink<>(layer == null ? batch -> { } : layer::append,
                p -> SwingUtilities.invokeLater(() -> showProgress(r, p)), null);
        status.started(steps.total(plan), steps.startText(plan));
        r.title = steps.title(plan);
        r.handle = context.tasks().submit(r.title, taskProgress -> {
            R res = steps.run(plan, taskProgress, List.of(sink));
            r.result.set(res);
            return res;
        });
        r.handle.result().whenComplete((res, err) -> SwingUtilities.invokeLater(() -> finished(r, err)));
        update();
    }

    private void showProgress(Running<L, R> r, JobProgress p) {
        if (running != r || r.handle == null) {
            return;
        }
        status.progress(p, r.cancelRequested ? null : steps.progressLine(p));
    }

    private void finished(Running<L, R> r, Throwable err) {
        if (running == r) {
            running = null;
        }
        R res = r.result.get();
        if (res == null) {
            status.hideProgress(" ");
            Throwable cause = err;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CancelledException || cause instanceof CancellationException) {
                status.showSummary("Cancelled before any result was written.");
            } else {
                Log.failure(LOG, (r.title == null ? dialog.getTitle() : r.title) + ": the run failed", cause);
                status.showError(cause);
            }
            if (r.background) {
                notifyEnd(null, cause);
            }
            update();
            return;
        }
        JobProgress last = steps.progressOf(res);
        if (last != null) {
            status.progress(last, steps.progressLine(last));
        } else {
            status.done();
        }
        String text = steps.summary(res);
        status.showSummary(text);
        UserException failure = steps.failure(res);
        if (failure != null) {
            status.showError(failure);
        }
        List<Action> offered = new ArrayList<>(steps.actions(res, r.layer));
        if (reviewer != null && r.layer != null) {
            LayerInfo l = r.layer;
            offered.add(new Action("review", "Review results", "Open the Review panel on " + l.name()
                    + ": go through the results one by one and accept, reject or relabel them", true,
                    () -> reviewer.review(l, this::adopt)));
        }
        status.showActions(offered);
        steps.finished(res);
        if (r.background) {
            notifyEnd(text, failure);
        }
        update();
    }

    /** A run the user let go on in the background ended: the host tells the user. */
    private void notifyEnd(String text, Throwable failure) {
        if (failure != null && !(failure instanceof CancelledException || failure instanceof CancellationException)) {
            context.notifications().error(dialog.getTitle() + ": the run stopped.", failure);
        } else if (text != null) {
            context.notifications().info(dialog.getTitle() + ": " + text.lines().findFirst().orElse(text));
        }
    }

    /** Cancels the run: it stops after the batch in flight; the output keeps the finished items. */
    public void cancelRun() {
        Running<L, R> r = running;
        if (r == null) {
            return;
        }
        r.cancelRequested = true;
        if (r.handle != null) {
            r.handle.cancel();
            status.progressLine("Cancelling after the batch in flight…");
        }
        update();
    }

    // ------------------------------------------------------------------ closing

    /** Close, Escape or the close box: closes, asking first what becomes of a run in progress. */
    public void requestClose() {
        Running<L, R> r = running;
        if (r == null) {
            dialog.dispose();
            return;
        }
        switch (questions.askClosing()) {
            case BACKGROUND -> {
                r.background = true;
                dialog.dispose();
            }
            case CANCEL_RUN -> {
                cancelRun();
                dialog.dispose();
            }
            case KEEP_OPEN -> {
                // nothing
            }
        }
    }

    /**
     * The dialog is being disposed: a run the user did not send to the background is cancelled (a
     * plan still being made is closed when it arrives).
     */
    public void disposed() {
        Running<L, R> r = running;
        if (r != null && !r.background) {
            r.cancelRequested = true;
            if (r.handle != null) {
                r.handle.cancel();
            }
        }
    }

    // ------------------------------------------------------------------ shared helpers

    /**
     * The features of {@code table} in {@code output} (what an earlier run wrote, for a resumed run's
     * map layer); none when the file does not exist or has no such table. Reads the file: call it off
     * the EDT.
     */
    public static List<org.deepraster.feature.Feature> tableFeatures(java.nio.file.Path output, String table)
            throws java.io.IOException {
        if (!java.nio.file.Files.exists(output)) {
            return List.of();
        }
        for (org.deepraster.feature.FeatureCollection c : org.deepraster.feature.VectorFiles.open(output)) {
            if (c.schema().name().equalsIgnoreCase(table)) {
                return c.features();
            }
        }
        return List.of();
    }

    /** The summary of a job's run; see {@link RunTexts#summaryText}. */
    public static String summaryText(String head, String body, org.deepraster.job.JobReport report, String cancelled,
            List<String> warnings, String tail) {
        return RunTexts.summaryText(head, body, report, cancelled, warnings, tail);
    }

    /** A summary's first lines; see {@link RunTexts#head}. */
    public static String head(org.deepraster.job.JobSummary summary, org.deepraster.job.JobReport report) {
        return RunTexts.head(summary, report);
    }

    /** The progress line of a job over items called {@code unit}; see {@link RunTexts#progressLine}. */
    public static String progressLine(JobProgress p, String unit) {
        return RunTexts.progressLine(p, unit);
    }

    /** A map style coloured by {@code classField}: each class of the model gets its colour from the definition. */
    public static LayerStyle styleFor(List<ClassInfo> classes, String classField) {
        Map<Object, Color> colors = new LinkedHashMap<>();
        for (ClassInfo c : classes) {
            colors.put(c.name(), new Color(c.rgb()));
        }
        return new LayerStyle(new Color(0x55, 0x55, 0x55), new Color(0x80, 0x80, 0x80, 50), 2f, 6f, classField, colors);
    }

    /** The error of a run that stopped, with a hint; see {@link RunTexts#stopped}. */
    public static UserException stopped(org.deepraster.job.JobReport report, String hint) {
        return RunTexts.stopped(report, hint);
    }

    /**
     * A sink for a tool whose results are not features: it hands the start, progress and problems of
     * the run on to {@code sink} (the runner's, from {@link Steps#run}) and drops the results.
     */
    public static <T> ResultSink<T> progressOnly(ResultSink<?> sink) {
        return new ProgressOnlySink<>(sink);
    }

    /** Closes a plan that will not run, ignoring errors (it held only readers). */
    public static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to keep
        }
    }
}
