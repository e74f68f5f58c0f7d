package org.deepraster.tool.detectobjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.detection.NonMaxSuppression;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.GeoPackageWriter;
import org.deepraster.job.ItemProblem;
import org.deepraster.job.JobProgress;
import org.deepraster.job.JobReport;
import org.deepraster.job.ResultSink;
import org.deepraster.tiling.Tile;
import org.deepraster.tiling.TileGrid;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Detect Objects' result assembler, on the writer thread: turns finished tiles into features,
 * holding back (with NMS across tiles, {@code maxOverlapRatio}) the detections that an unfinished
 * tile could still suppress (clusters linked by IoU above the ratio, or — with the containment rule — by
 * intersection over the smaller area above {@code maxContainmentRatio}), and writes them with the resume records (GeoPackage: features and the
 * tiles done in one transaction per batch) before feeding the other sinks.
 */
final class DetectionAssembler implements ResultSink<TileDetections> {
    private final FeatureWriter file;
    private final GeoPackageWriter gpkg;
    private final List<ResultSink<Feature>> sinks;
    private final boolean[] done;
    private final Map<String, Integer> indexOfKey = new HashMap<>();
    private final List<Det> pending = new ArrayList<>();
    // staged for the next commit (one transaction: features + resume records)
    private final List<Det> toWrite = new ArrayList<>();
    private final List<String> finishedTiles = new ArrayList<>();
    private final Map<Long, Det> heldNow = new LinkedHashMap<>();
    private final List<Long> releasedHeld = new ArrayList<>();
    private final InstanceMerger instances;
    private final Map<Long, InstanceFragment> fragmentsNow = new LinkedHashMap<>();
    private final List<Long> releasedFragments = new ArrayList<>();
    private long nextId = 1;
    private long nextHeldId = 1;
    /** Features written; detections NMS suppressed; detections still held back when the run ended. */
    long written;
    long suppressed;
    long heldBack;

    private final TileGrid grid;
    private final DetectResumeState resumeState;
    private final DetectionFeatures features;
    private final boolean runNms;
    private final double maxOverlapRatio;
    /** Deepness's containment rule after NMS (intersection over the smaller area); 1 or more: off. */
    private final double maxContainmentRatio;

    /**
     * @param resumeState the resume records (GeoPackage outputs), or null; {@code resuming}: they exist
     * @param doneKeys    tiles an earlier run finished; {@code heldBefore} its held-back detections,
     *                    {@code fragmentsBefore} its held-back instance fragments
     * @param maskInPixels the processing mask in pixels (instances: box centre inside), or null
     */
    DetectionAssembler(FeatureWriter file, List<ResultSink<Feature>> sinks, TileGrid grid, List<Tile> tiles,
                       Set<String> doneKeys, List<Det> heldBefore, List<InstanceFragment> fragmentsBefore, DetectResumeState resumeState, boolean resuming,
                       DetectionFeatures features, boolean runNms, double maxOverlapRatio, double maxContainmentRatio,
                       org.locationtech.jts.geom.prep.PreparedGeometry maskInPixels) throws IOException {
        this.maxContainmentRatio = maxContainmentRatio;
        this.file = file;
        this.grid = grid;
        this.resumeState = resumeState;
        this.features = features;
        this.runNms = runNms;
        this.maxOverlapRatio = maxOverlapRatio;
        this.gpkg = resumeState != null && file instanceof GeoPackageWriter g ? g : null;
        this.sinks = sinks;
        done = new boolean[grid.cols() * grid.rows()];
        Arrays.fill(done, true);
        for (Tile t : tiles) {
            done[t.index()] = doneKeys.contains(t.key());
            indexOfKey.put(t.key(), t.index());
        }
        for (Det d : heldBefore) {
            pending.add(d);
            nextHeldId = Math.max(nextHeldId, d.id() + 1);
        }
        instances = new InstanceMerger(grid, tiles, fragmentsBefore, maskInPixels);
        if (gpkg != null) {
            gpkg.write(List.of(), c -> {
                resumeState.start(c, !resuming);
                InstanceResumeRecords.start(c, resumeState.table(), !resuming);
            });
        }
    }

    @Override
    public void started(long total, long resumed) throws IOException {
        for (ResultSink<Feature> s : sinks) {
            s.started(total, resumed);
        }
    }

    @Override
    public void accept(List<TileDetections> results) throws IOException {
        for (TileDetections td : results) {
            done[td.tile().index()] = true;
            finishedTiles.add(td.tile().key());
            for (InstanceFragment f : instances.add(td.instances())) {
                fragmentsNow.put(f.id(), f);
            }
            if (runNms) {
                for (Det d : td.detections()) {
                    Det h = d.withId(nextHeldId++);
                    pending.add(h);
                    heldNow.put(h.id(), h);
                }
            } else {
                toWrite.addAll(td.detections());
            }
        }
        if (runNms) {
            toWrite.addAll(release(false));
        }
        toWrite.addAll(instances.release(false, i -> !done[i], releasedFragments));
    }

    @Override
    public void problem(ItemProblem problem) {
        Integer i = indexOfKey.get(problem.key());
        if (i != null) {
            done[i] = true;
            if (problem.kind() == ItemProblem.Kind.SKIPPED) {
                finishedTiles.add(problem.key()); // no valid pixel: nothing to do again; failed tiles are retried
            }
        }
        for (ResultSink<Feature> s : sinks) {
            s.problem(problem);
        }
    }

    @Override
    public void progress(JobProgress progress) {
        try {
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ResultSink<Feature> s : sinks) {
            s.progress(progress);
        }
    }

    @Override
    public void finished(JobReport report) throws IOException {
        if (runNms) {
            if (report.outcome() == JobReport.Outcome.COMPLETED || gpkg == null) {
                toWrite.addAll(release(true));
            } else {
                // cancelled: what is not final stays held back in the resume records
                toWrite.addAll(release(false));
                heldBack = pending.size();
            }
        }
        boolean all = report.outcome() == JobReport.Outcome.COMPLETED || gpkg == null;
        toWrite.addAll(instances.release(all, i -> !done[i], releasedFragments));
        heldBack += instances.size();
        commit();
        for (ResultSink<Feature> s : sinks) {
            s.finished(report);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            file.close();
        } catch (IOException e) {
            first = e;
        }
        for (ResultSink<Feature> s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new IOException(e) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Writes what is staged (features and resume records in one transaction), then feeds the other sinks. */
    private void commit() throws IOException {
        if (toWrite.isEmpty() && finishedTiles.isEmpty() && heldNow.isEmpty() && releasedHeld.isEmpty()
                && fragmentsNow.isEmpty() && releasedFragments.isEmpty()) {
            return;
        }
        List<Feature> fs = new ArrayList<>(toWrite.size());
        for (Det d : toWrite) {
            Feature f = features.feature(nextId, d);
            if (f != null) { // (an instance below the minimum area is none)
                fs.add(f);
                nextId++;
            }
        }
        if (gpkg != null) {
            List<Long> released = new ArrayList<>();
            for (long id : releasedHeld) {
                if (heldNow.remove(id) == null) {
                    released.add(id);
                }
            }
            List<String> tilesNow = List.copyOf(finishedTiles);
            List<Det> held = List.copyOf(heldNow.values());
            List<Long> fragmentsGone = new ArrayList<>();
            for (long id : releasedFragments) {
                if (fragmentsNow.remove(id) == null) {
                    fragmentsGone.add(id);
                }
            }
            List<InstanceFragment> fragmentsHeld = List.copyOf(fragmentsNow.values());
            gpkg.write(fs, c -> {
                resumeState.record(c, tilesNow, held, released);
                InstanceResumeRecords.record(c, resumeState.table(), fragmentsHeld, fragmentsGone);
            });
        } else {
            file.write(fs);
        }
        toWrite.clear();
        finishedTiles.clear();
        heldNow.clear();
        releasedHeld.clear();
        fragmentsNow.clear();
        releasedFragments.clear();
        written += fs.size();
        if (!fs.isEmpty()) {
            for (ResultSink<Feature> s : sinks) {
                s.accept(fs);
            }
        }
    }

    /** Takes the final clusters out of {@code pending} and returns what NMS keeps of them. */
    private List<Det> release(boolean all) {
        int n = pending.size();
        if (n == 0) {
            return List.of();
        }
        double ratio = maxOverlapRatio;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        STRtree tree = new STRtree();
        for (int i = 0; i < n; i++) {
            Det d = pending.get(i);
            tree.insert(new Envelope(d.x0(), d.x1(), d.y0(), d.y1()), i);
        }
        List<NonMaxSuppression.Candidate> cands = new ArrayList<>(n);
        for (Det d : pending) {
            cands.add(d.candidate());
        }
        for (int i = 0; i < n; i++) {
            Det d = pending.get(i);
            final int fi = i;
            tree.query(new Envelope(d.x0(), d.x1(), d.y0(), d.y1()), o -> {
                int j = (Integer) o;
                if (j > fi && (NonMaxSuppression.iou(cands.get(fi), cands.get(j)) > ratio || (maxContainmentRatio < 1
                        && NonMaxSuppression.intersectionOverSmaller(cands.get(fi), cands.get(j)) > maxContainmentRatio))) {
                    union(parent, fi, j);
                }
            });
        }
        boolean[] open = new boolean[n];
        if (!all) {
            for (int i = 0; i < n; i++) {
                if (touchesUnfinished(pending.get(i))) {
                    open[find(parent, i)] = true;
                }
            }
        }
        List<Det> fin = new ArrayList<>();
        List<Det> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (open[find(parent, i)] ? rest : fin).add(pending.get(i));
        }
        pending.clear();
        pending.addAll(rest);
        for (Det d : fin) {
            releasedHeld.add(d.id());
        }
        if (fin.isEmpty()) {
            return List.of();
        }
        int[] k = NonMaxSuppression.keep(fin.stream().map(Det::candidate).toList(), ratio);
        List<Det> out = new ArrayList<>(k.length);
        for (int i : k) {
            out.add(fin.get(i));
        }
        if (maxContainmentRatio < 1 && out.size() > 1) {
            int[] c = NonMaxSuppression.removeContained(out.stream().map(Det::candidate).toList(), maxContainmentRatio);
            List<Det> kept = new ArrayList<>(c.length);
            for (int i : c) {
                kept.add(out.get(i));
            }
            out = kept;
        }
        suppressed += fin.size() - out.size();
        return out;
    }

    /** Whether the window of an unfinished tile overlaps the box (a tile's boxes lie in its window). */
    private boolean touchesUnfinished(Det d) {
        int[] c = grid.colsTouching(d.x0(), d.x1());
        int[] r = grid.rowsTouching(d.y0(), d.y1());
        for (int row = r[0]; row <= r[1]; row++) {
            for (int col = c[0]; col <= c[1]; col++) {
                if (!done[row * grid.cols() + col]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[ra] = rb;
        }
    }
}
