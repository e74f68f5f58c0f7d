package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.deepraster.feature.StagedOutput;
import org.deepraster.feature.WriteMode;
import org.deepraster.job.JobReport;

/**
 * A run that writes one feature output through {@link StagedOutput}: an overwritten output is built beside the
 * old one, moved in when the run completes or is cancelled, and dropped (the old one kept) when it fails.
 */
public final class StagedRun {
    private StagedRun() {
    }

    /** The run's body, given the file to write. */
    @FunctionalInterface
    public interface Body<R> {
        R run(Path target) throws IOException;
    }

    /** Runs {@code body} into the staged path of {@code output}; {@code report} says how the run ended. */
    public static <R> R run(Path output, WriteMode mode, Body<R> body, Function<R, JobReport> report) throws IOException {
        StagedOutput staged = StagedOutput.begin(output, mode);
        try {
            R r = body.run(staged.path());
            if (report.apply(r).outcome() == JobReport.Outcome.FAILED) {
                staged.abandon();
            } else {
                staged.commit();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            staged.abandon();
            throw e;
        }
    }
}
