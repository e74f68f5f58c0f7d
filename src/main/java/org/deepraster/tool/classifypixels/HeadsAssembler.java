package org.deepraster.tool.classifypixels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;

/**
 * The writer-thread side of a run with one {@link PixelAssembler} per output head: each tile's results
 * (one {@link TileResult} per head, in head order) go to the heads' assemblers; the run's events go to
 * every assembler (only the first one has the caller's sinks).
 */
final class HeadsAssembler implements ResultSink<TileResult[]> {
    private final List<PixelAssembler> heads;

    HeadsAssembler(List<PixelAssembler> heads) {
        this.heads = List.copyOf(heads);
    }

    @Override
    public void started(long total, long resumed) throws IOException {
        for (PixelAssembler a : heads) {
            a.started(total, resumed);
        }
    }

    @Override
    public void accept(List<TileResult[]> results) throws IOException {
        for (int h = 0; h < heads.size(); h++) {
            List<TileResult> one = new ArrayList<>(results.size());
            for (TileResult[] r : results) {
                one.add(r[h]);
            }
            heads.get(h).accept(one);
        }
    }

    @Override
    public void problem(ItemProblem problem) {
        for (PixelAssembler a : heads) {
            a.problem(problem);
        }
    }

    @Override
    public void progress(JobProgress progress) {
        heads.get(0).progress(progress);
    }

    @Override
    public void finished(JobReport report) throws IOException {
        for (PixelAssembler a : heads) {
            a.finished(report);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (PixelAssembler a : heads) {
            try {
                a.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
