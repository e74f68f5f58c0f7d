package org.deepraster.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.UserException;

/**
 * The {@code spark-submit} entry point: {@code SparkJob JOB.json --out DIR [--window-tiles N] INPUT…} runs the job
 * file of {@code deepraster run} (its {@code in_raster} and output paths are replaced per unit) over the inputs —
 * rasters, or folders of rasters, one per task; or one raster split into windows of N x N tiles — and writes the
 * same outputs as one machine into DIR (see {@link OutputMerger}). Paths go through Hadoop's FileSystem. A
 * re-submitted job skips the units committed before. Exit codes: 0 done, 1 some units had failed items, 2 bad input.
 */
public final class SparkJob {
    /** The command line. */
    public record Options(String job, String out, int windowTiles, List<String> inputs) {
        static Options parse(String[] args) {
            String job = null;
            String out = null;
            int window = 0;
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = value(args, ++i, "--out");
                    case "--window-tiles" -> {
                        try {
                            window = Integer.parseInt(value(args, ++i, "--window-tiles"));
                        } catch (NumberFormatException e) {
                            throw new UserException("--window-tiles takes a number of tiles.", "Give e.g. --window-tiles 8.");
                        }
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new UserException("Unknown option " + args[i] + ".", USAGE);
                        } else if (job == null) {
                            job = args[i];
                        } else {
                            inputs.add(args[i]);
                        }
                    }
                }
            }
            if (job == null || out == null || inputs.isEmpty()) {
                throw new UserException("Give the job file, --out and the inputs.", USAGE);
            }
            if (window > 0 && inputs.size() != 1) {
                throw new UserException("--window-tiles splits one raster; " + inputs.size() + " inputs were given.",
                        "Give one raster, or leave --window-tiles out to run one raster per task.");
            }
            return new Options(job, out, window, inputs);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new UserException(option + " needs a value.", USAGE);
            }
            return args[i];
        }
    }

    /** What a run did: per unit, and the outputs written. */
    public record Summary(List<UnitResult> units, List<String> outputs, long failedAttempts, double seconds) {
        public int exitCode() {
            return units.stream().anyMatch(u -> u.exitCode() != 0) ? 1 : 0;
        }
    }

    static final String USAGE = "Usage: spark-submit --class org.deepraster.spark.SparkJob deepraster-spark-all.jar"
            + " JOB.json --out DIR [--window-tiles N] RASTER|FOLDER…";

    private SparkJob() {
    }

    public static void main(String[] args) {
        int code;
        try {
            Options o = Options.parse(args);
            SparkConf conf = new SparkConf().setAppName("DeepRaster " + o.job());
            if (!conf.contains("spark.master")) {
                conf.setMaster("local[*]");
            }
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                code = run(sc, o, System.err).exitCode();
            }
        } catch (UserException e) {
            System.err.println("Error: " + e.getMessage());
            if (e.hint() != null && !e.hint().isBlank()) {
                System.err.println(e.hint());
            }
            code = 2;
        } catch (IOException e) {
            System.err.println("Error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs the job on {@code sc}; progress and the summary on {@code err}. */
    public static Summary run(JavaSparkContext sc, Options o, PrintStream err) throws IOException {
        long t0 = System.nanoTime();
        SparkPaths paths = SparkPaths.of(sc.hadoopConfiguration());
        String jobJson = paths.readText(SparkPaths.path(o.job()));
        JobFile job = JobFile.parse(jobJson, o.job(), ToolRegistry::find);
        ToolSpec<?> spec = ToolRegistry.find(job.tool());
        if (!job.values().declares("in_raster")) {
            throw new UserException("The tool " + spec.id() + " takes no input raster, so it has no work units.",
                    "Run it with `deepraster run`.");
        }
        List<String> rasters = UnitPlanner.rasters(paths, o.inputs());
        List<WorkUnit> units;
        double containment = 1;
        if (o.windowTiles() > 0) {
            UnitPlanner.Split split = UnitPlanner.windows(paths, job, rasters.get(0), o.windowTiles());
            units = split.units();
            containment = split.containmentRatio();
            err.printf(Locale.ROOT, "%s: %d windows of %d x %d tiles (%d px) over %d x %d px%n", spec.title(),
                    units.size(), o.windowTiles(), o.windowTiles(), split.step() * o.windowTiles(),
                    split.grid().width(), split.grid().height());
        } else {
            units = UnitPlanner.perRaster(rasters);
            err.printf(Locale.ROOT, "%s: %d rasters, one per task%n", spec.title(), units.size());
        }
        UnitTask task = new UnitTask(paths, jobJson, o.out());
        List<WorkUnit> todo = new ArrayList<>();
        List<UnitResult> results = new ArrayList<>();
        for (WorkUnit u : units) {
            org.apache.hadoop.fs.Path c = task.committed(u);
            if (paths.fs(c).exists(c)) {
                results.add(task.readResult(u, c, true));
            } else {
                todo.add(u);
            }
        }
        LongAccumulator counted = sc.sc().longAccumulator("deepraster results");
        LongAccumulator done = sc.sc().longAccumulator("deepraster units");
        boolean pixels = spec.id().equals("classify-pixels");
        UnitProgress progress = new UnitProgress(err, units.size(), results.size(), counted, done,
                pixels ? "pixels" : "features");
        sc.sc().addSparkListener(progress);
        try {
            if (!todo.isEmpty()) {
                results.addAll(sc.parallelize(todo, todo.size()).map(u -> {
                    TaskContext t = TaskContext.get();
                    String attempt = t == null ? "0" : t.stageAttemptNumber() + "." + t.attemptNumber() + "-" + t.taskAttemptId();
                    UnitResult r = task.run(u, attempt);
                    counted.add(r.results());
                    done.add(1);
                    return r;
                }).collect());
            }
        } finally {
            sc.sc().removeSparkListener(progress);
        }
        results.sort(java.util.Comparator.comparing(r -> r.unit().id()));
        List<String> outputs = new OutputMerger(paths, task, o.out()).merge(job.values(), spec, units,
                o.windowTiles() > 0, containment);
        Summary s = new Summary(results, outputs, progress.failedAttempts(), (System.nanoTime() - t0) / 1e9);
        err.print(describe(s, pixels));
        err.flush();
        return s;
    }

    /** The job summary: per unit its time, features or pixels and problems; then the outputs. */
    static String describe(Summary s, boolean pixels) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Done in %.1f s: %d units%s.%n", s.seconds(), s.units().size(),
                s.failedAttempts() > 0 ? ", " + s.failedAttempts() + " failed attempts retried" : ""));
        for (UnitResult r : s.units()) {
            b.append(String.format(Locale.ROOT, "  %-28s %7.1f s %10d %s%s%n", r.unit().id(), r.seconds(), r.results(),
                    pixels ? "pixels" : "features", r.skipped() ? " (committed before)" : ""));
            for (String p : r.problems()) {
                b.append("      ").append(p).append('\n');
            }
        }
        for (String out : s.outputs()) {
            b.append("Output: ").append(out).append('\n');
        }
        return b.toString();
    }
}
