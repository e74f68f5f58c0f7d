package org.deepraster.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.Progress;

/**
 * Runs one {@link WorkUnit} on an executor through the tool's own code, and commits it: the tool writes into a
 * local folder; its files are copied to {@code OUT/_attempts/<unit>-<attempt>/} and that folder is renamed to
 * {@code OUT/_committed/<unit>} (atomic on HDFS and local disks). A unit already committed (by an earlier
 * submission, a retry or a speculative twin) is not run again, and an attempt that loses the race to commit is
 * deleted, so no unit's features are written twice or lost.
 *
 * <p>Detect Objects and Classify Pixels run on this JVM's {@link ExecutorCache#engine()} (the model is opened once
 * per executor); other tools run through their {@link ToolSpec#run}. A window runs with the window as the processing
 * extent (its edges lie on tile cores, so its tiles are the whole run's) and, for Detect Objects, without NMS
 * across tiles: the driver runs it over all windows.
 */
public final class UnitTask implements Serializable {
    /** Test hook: the unit of this id fails its first attempt (a flag file under OUT/_test remembers it). */
    public static final String FAIL_ONCE_PROPERTY = "deepraster.spark.failOnce";
    static final String UNIT_FILE = "_unit.txt";

    private final SparkPaths paths;
    private final String jobJson;
    private final String out;

    public UnitTask(SparkPaths paths, String jobJson, String out) {
        this.paths = paths;
        this.jobJson = jobJson;
        this.out = out;
    }

    public org.apache.hadoop.fs.Path committed(WorkUnit u) {
        return new org.apache.hadoop.fs.Path(SparkPaths.path(out), "_committed/" + u.id());
    }

    /** Runs {@code u} as attempt {@code attempt} (unique per task attempt), or reports its earlier commit. */
    public UnitResult run(WorkUnit u, String attempt) throws IOException {
        org.apache.hadoop.fs.Path done = committed(u);
        FileSystem fs = paths.fs(done);
        if (fs.exists(done)) {
            return readResult(u, done, true);
        }
        return attempt(u, attempt);
    }

    /**
     * Runs {@code u} and tries to commit it, whether or not a twin has: what a speculative or retried attempt that
     * started before its twin committed does. The loser's files are deleted.
     */
    UnitResult attempt(WorkUnit u, String attempt) throws IOException {
        failOnceHook(u);
        long t0 = System.nanoTime();
        Path local = Files.createTempDirectory("deepraster-unit-" + u.id());
        try {
            JobFile job = JobFile.parse(jobJson, "the job", ToolRegistry::find);
            ToolSpec<?> spec = ToolRegistry.find(job.tool());
            ParameterValues v = unitValues(spec, job.values(), u, local);
            List<String> problems = new ArrayList<>();
            long[] results = {0};
            int exit = runTool(spec, v, results, problems);
            double seconds = (System.nanoTime() - t0) / 1e9;
            UnitResult r = new UnitResult(u, seconds, results[0], problems, exit, false);
            commit(u, attempt, local, r);
            return r;
        } finally {
            try (Stream<Path> s = Files.walk(local)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The job's values for this unit: local input, model and outputs; the window as the extent. */
    ParameterValues unitValues(ToolSpec<?> spec, ParameterValues job, WorkUnit u, Path local) throws IOException {
        ParameterValues v = job.copy();
        v.set("in_raster", ExecutorCache.local(paths, u.raster(), false).toString());
        String model = v.optional("in_model_definition");
        if (model != null && !SparkPaths.isLocal(SparkPaths.path(model)) && !model.trim().startsWith("{")) {
            v.set("in_model_definition", ExecutorCache.local(paths, model, true).toString());
        }
        for (Parameter p : v.parameters()) {
            if (p.type() == Parameter.Type.OUTPUT_FILE && v.optional(p.name()) != null) {
                v.set(p.name(), local.resolve(SparkPaths.path(v.text(p.name())).getName()).toString());
            }
        }
        if (v.declares("overwrite")) {
            v.flag("overwrite", true);
        }
        if (v.declares("resume")) {
            v.flag("resume", false);
        }
        if (u.isWindow()) {
            v.setObject(EnvironmentParameters.EXTENT, new ProcessingExtent.Box(u.extent(), null),
                    u.extent().getMinX() + " " + u.extent().getMinY() + " " + u.extent().getMaxX() + " " + u.extent().getMaxY());
            if (v.declares("run_nms")) {
                v.set("run_nms", null);
            }
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int runTool(ToolSpec spec, ParameterValues v, long[] results, List<String> problems) throws IOException {
        Object p = spec.parameters(v);
        if (p instanceof DetectObjectsParameters d) {
            DetectObjectsResult r;
            try (DetectObjectsTool.Plan plan = new DetectObjectsTool(ExecutorCache.engine()).plan(d)) {
                r = plan.run(Progress.NONE, List.of());
            }
            results[0] = r.written();
            problems.addAll(r.warnings());
            problems.addAll(failures(r.report()));
            return r.report().failed() > 0 ? 1 : 0;
        }
        if (p instanceof ClassifyPixelsParameters c) {
            ClassifyPixelsResult r;
            try (ClassifyPixelsTool.Plan plan = new ClassifyPixelsTool(ExecutorCache.engine()).plan(c)) {
                r = plan.run(Progress.NONE, List.of());
            }
            results[0] = r.summary().results();
            problems.addAll(r.warnings());
            problems.addAll(failures(r.report()));
            return r.report().failed() > 0 ? 1 : 0;
        }
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        int exit = spec.run(p, new ToolConsole(w, w, false, Progress.NONE));
        w.flush();
        text.toString().lines().filter(l -> l.startsWith("Warning: ")).forEach(problems::add);
        return exit;
    }

    private static List<String> failures(org.deepraster.job.JobReport report) {
        return report.failed() > 0 ? List.of(report.failed() + " tiles failed") : List.of();
    }

    private void commit(WorkUnit u, String attempt, Path local, UnitResult r) throws IOException {
        org.apache.hadoop.fs.Path root = SparkPaths.path(out);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(root, "_attempts/" + u.id() + "-" + attempt);
        FileSystem fs = paths.fs(tmp);
        fs.delete(tmp, true);
        try (Stream<Path> files = Files.list(local)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                paths.upload(f, new org.apache.hadoop.fs.Path(tmp, f.getFileName().toString()));
            }
        }
        paths.writeText(new org.apache.hadoop.fs.Path(tmp, UNIT_FILE), r.results() + "\t" + r.seconds() + "\t"
                + r.exitCode() + "\n" + String.join("\n", r.problems()));
        org.apache.hadoop.fs.Path done = committed(u);
        fs.mkdirs(done.getParent());
        // A twin that committed first wins: rename fails (or, on a file system that moves into an existing folder,
        // nests this attempt inside it, where the driver never looks); either way this attempt's files go.
        if (fs.exists(done) || !fs.rename(tmp, done)) {
            fs.delete(tmp, true);
        }
    }

    UnitResult readResult(WorkUnit u, org.apache.hadoop.fs.Path done, boolean skipped) throws IOException {
        List<String> lines = paths.readText(new org.apache.hadoop.fs.Path(done, UNIT_FILE)).lines().toList();
        String[] f = lines.get(0).split("\t");
        return new UnitResult(u, Double.parseDouble(f[1]), Long.parseLong(f[0]),
                lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList(), Integer.parseInt(f[2]), skipped);
    }

    private void failOnceHook(WorkUnit u) throws IOException {
        if (!u.id().equals(System.getProperty(FAIL_ONCE_PROPERTY))) {
            return;
        }
        org.apache.hadoop.fs.Path flag = new org.apache.hadoop.fs.Path(SparkPaths.path(out), "_test/failed-" + u.id());
        if (paths.fs(flag).createNewFile(flag)) {
            throw new IllegalStateException("test hook: unit " + u.id() + " fails its first attempt");
        }
    }
}
