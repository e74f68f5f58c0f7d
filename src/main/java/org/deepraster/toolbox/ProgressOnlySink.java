package org.deepraster.toolbox;

import java.io.IOException;
import java.util.List;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.ResultSink;

/**
 * The sink of a tool whose results are not features (see {@link ToolRunner#progressOnly}): hands the
 * start, progress and problems of the run on to the runner's sink and drops the results, which the
 * tool wrote itself. Called on the job's thread, like the sink it wraps.
 */
final class ProgressOnlySink<T> implements ResultSink<T> {
    private final ResultSink<?> sink;

    ProgressOnlySink(ResultSink<?> sink) {
        this.sink = sink;
    }

    @Override
    public void started(long total, long resumed) throws IOException {
        sink.started(total, resumed);
    }

    @Override
    public void accept(List<T> results) {
        // the tool wrote them itself
    }

    @Override
    public void problem(ItemProblem problem) {
        sink.problem(problem);
    }

    @Override
    public void progress(JobProgress p) {
        sink.progress(p);
    }
}
