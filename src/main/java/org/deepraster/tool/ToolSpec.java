package org.deepraster.tool;

import java.io.IOException;
import java.util.List;

/**
 * A tool's contract: its name, its parameters declared once, how their values become the tool's parameters
 * record, and how a run is reported on a terminal. The command line ({@code deepraster <id> --option …}, generated
 * from {@link #parameters()}), a job file ({@code deepraster run job.json}), the dialogs' forms and command-line
 * previews, and a cluster runner all go through it, so they take the same names and give the same messages.
 * Implementations are stateless; one per tool, registered in {@link org.deepraster.tool.registry.ToolRegistry}.
 *
 * @param <P> the tool's parameters record
 */
public interface ToolSpec<P> {

    /** The command name and the job file's {@code "tool"}: kebab case, e.g. {@code detect-objects}. */
    String id();

    /** The name users know, e.g. "Detect Objects". */
    String title();

    /** The help text: the first line says what the tool does; the last may give the exit codes. */
    List<String> description();

    /** The parameters, in the order of the help and the form. */
    List<Parameter> parameters();

    /**
     * The parameters record for these values, checked as far as can be without opening a file ({@link
     * org.deepraster.util.UserException} for what is wrong). May read small inputs (a mask's polygons).
     */
    P parameters(ParameterValues values) throws IOException;

    /**
     * The values that give {@code parameters} back (the inverse of {@link #parameters(ParameterValues)}): what a
     * dialog's command-line preview and saved job show, what a program writes into a job file. The values the record
     * holds are set, defaults too (a saved job says everything; the command line leaves defaults out). An extent or mask is set as an object; a mask's text (its file) is the caller's to set.
     */
    ParameterValues values(P parameters);

    /**
     * Runs the tool as the command line does: warnings and progress on {@code console.err()}, the summary on
     * {@code console.out()}; cancelled through {@code console.cancel()}. Returns the exit code (0 done, 1 some items
     * failed, 130 cancelled; a {@link org.deepraster.util.UserException} thrown here gives 2).
     */
    int run(P parameters, ToolConsole console) throws IOException;

    /**
     * Files a finished run wrote that a dialog should open on the map besides its {@link Parameter.Type#OUTPUT_FILE}
     * parameters (e.g. the rasters a tool writes into its output folder); only files that exist. Default: none.
     */
    default List<java.nio.file.Path> shownOutputs(P parameters) throws IOException {
        return List.of();
    }

    /**
     * A pre-run estimate of time and peak memory from a calibration batch of the same pipeline ({@link Calibration}:
     * the real plan, pointed at a scratch output, cancelled after its first batch), or null when the tool gives none
     * (it runs no model) or {@code cancel} was cancelled. Off the EDT: it runs the model. Default: none.
     */
    default RunEstimate estimate(P parameters, org.deepraster.inference.InferenceEngine engine,
                                 org.deepraster.util.Progress cancel) throws IOException {
        return null;
    }

    /** Empty values of this tool's parameters. */
    default ParameterValues newValues() {
        return new ParameterValues(parameters());
    }
}
