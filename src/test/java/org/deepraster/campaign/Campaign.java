package org.deepraster.campaign;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deepraster.Main;
import picocli.CommandLine;

/**
 * Runs the campaign's cases through the command line ({@code classify-pixels}, {@code detect-objects} or {@code classify-objects} with
 * {@code --overwrite}, onto an output made by the tool's control case before) and sorts each outcome: a clean error (exit code 2, a message; or 1, tiles that could not be
 * read, each reported), a clean run (exit code 0), a stack trace ("unexpected failure" or a throwable escaping), a hang (no end within the timeout), a silent wrong output
 * (exit code 0 where the case must be refused or report read errors; or, for a georeferencing case, without its warning on the terminal,
 * without it in the output's metadata, or with a GeoTIFF output off the input's transform) and data lost (a refused run changed the
 * earlier output; a run that ran and reported failed tiles replaced it as --overwrite asks).
 */
final class Campaign {
    enum Verdict { CLEAN_ERROR, RAN, STACK_TRACE, HANG, SILENT_WRONG, DATA_LOST }

    record Outcome(HostileInputs.Case c, Verdict verdict, int exit, String message) {
    }

    private final Path dir;
    private final long timeoutSeconds;

    Campaign(Path dir, long timeoutSeconds) {
        this.dir = dir;
        this.timeoutSeconds = timeoutSeconds;
    }

    List<Outcome> run(List<HostileInputs.Case> cases, HostileInputs inputs) throws IOException {
        java.util.Map<String, Path> outs = new java.util.HashMap<>();
        List<Outcome> results = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "campaign");
            t.setDaemon(true);
            return t;
        });
        try {
            for (HostileInputs.Case c : cases) {
                Path out = outs.get(c.tool());
                if (out == null) { // the tool's first case is its control: it makes the earlier output
                    out = dir.resolve("previous-" + c.tool() + switch (c.tool()) {
                        case "classify-pixels" -> ".tif";
                        case "detect-objects", "classify-objects" -> ".gpkg";
                        default -> ""; // a folder
                    });
                    int made = execute(pool, args(c, inputs.raster, out))[0];
                    if (made != 0) {
                        throw new IllegalStateException("the control run of " + c.tool() + " failed: " + made);
                    }
                    outs.put(c.tool(), out);
                }
                String before = sha256(out);
                StringWriter err = new StringWriter();
                int exit;
                try {
                    exit = execute(pool, err, args(c, c.raster(), out));
                } catch (TimeoutException e) {
                    results.add(new Outcome(c, Verdict.HANG, -1, "no end after " + timeoutSeconds + " s"));
                    continue;
                } catch (Throwable t) {
                    results.add(new Outcome(c, Verdict.STACK_TRACE, -1, t.toString()));
                    continue;
                }
                String msg = err.toString().lines().filter(l -> l.startsWith("Error")).findFirst()
                        .orElse(err.toString().strip().lines().reduce((a, b) -> b).orElse(""));
                Verdict v;
                String unsaid;
                if (err.toString().contains("unexpected failure") || exit < 0 || exit > 2 && exit != 130) {
                    v = Verdict.STACK_TRACE;
                } else if (exit == 0 && c.expect() != HostileInputs.Expect.ANY && c.expect() != HostileInputs.Expect.WARNED
                        || exit == 0 && c.expect() == HostileInputs.Expect.WARNED && !err.toString().contains("Warning")
                        || exit == 1 && c.expect() == HostileInputs.Expect.REFUSED) {
                    v = Verdict.SILENT_WRONG;
                } else if (exit == 2 && !sha256(out).equals(before)) {
                    v = Verdict.DATA_LOST;
                } else if (exit == 0 && c.mustSay() != null && (unsaid = unsaid(c, err.toString(), out)) != null) {
                    v = Verdict.SILENT_WRONG;
                    msg = unsaid;
                } else {
                    v = exit == 0 ? Verdict.RAN : Verdict.CLEAN_ERROR;
                }
                results.add(new Outcome(c, v, exit, msg));
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /**
     * Why a run that had to say where its georeferencing came from (or that it was lost) did not: no such warning on
     * the terminal, not in the output's metadata (GDAL_METADATA; gpkg_contents' description), or a GeoTIFF output
     * off the expected transform. Null when all is said.
     */
    private static String unsaid(HostileInputs.Case c, String err, Path out) throws IOException {
        if (!err.contains("Warning: " + c.mustSay())) {
            return "no warning \"" + c.mustSay() + "\" on the terminal";
        }
        String meta;
        if (out.getFileName().toString().endsWith(".tif")) {
            meta = org.deepraster.raster.GeoTiffWriter.readMetadata(out);
            if (c.georef() != null) {
                try (var r = org.deepraster.raster.RasterFiles.open(out)) {
                    if (!r.grid().gridToCrs().equals(c.georef())) {
                        return "the output is on " + r.grid().gridToCrs() + ", not on " + c.georef();
                    }
                }
            }
        } else {
            try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + out);
                 var st = conn.createStatement();
                 var rs = st.executeQuery("SELECT group_concat(description, ' ') FROM gpkg_contents WHERE data_type = 'features'")) {
                meta = rs.next() ? rs.getString(1) : null;
            } catch (java.sql.SQLException e) {
                throw new IOException(e);
            }
        }
        String plain = meta == null ? "" : meta.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        return plain.contains(c.mustSay()) ? null : "the output's metadata does not say \"" + c.mustSay() + "\"";
    }

    private static String[] args(HostileInputs.Case c, Path raster, Path out) {
        if (c.args() != null) {
            List<String> a = new ArrayList<>();
            a.add(c.tool());
            a.addAll(c.args());
            a.add(out.toString());
            a.add("--overwrite");
            return a.toArray(String[]::new);
        }
        return args(c.tool(), raster, c.model(), out);
    }

    private static String[] args(String tool, Path raster, String model, Path out) {
        String outParam = switch (tool) {
            case "classify-pixels" -> "--out_classified_raster";
            case "classify-objects" -> "--out_feature_class";
            default -> "--out_detected_objects";
        };
        return new String[] {tool, "--in_raster", raster.toString(), "--in_model_definition", model, outParam,
            out.toString(), "--overwrite"};
    }

    private int[] execute(ExecutorService pool, String... args) throws IOException {
        try {
            return new int[] {execute(pool, new StringWriter(), args)};
        } catch (TimeoutException e) {
            throw new IOException("the control run hung", e);
        }
    }

    private int execute(ExecutorService pool, StringWriter err, String... args) throws TimeoutException {
        Future<Integer> f = pool.submit(() -> {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        });
        try {
            return f.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CampaignFailure(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    /** A throwable that escaped the command line's handlers (an Error such as OutOfMemoryError). */
    static final class CampaignFailure extends RuntimeException {
        CampaignFailure(Throwable cause) {
            super(String.valueOf(cause), cause);
        }
    }

    /** The table: cases, clean errors, clean runs, stack traces, hangs, silent wrong outputs, data lost. */
    static String table(List<Outcome> results) {
        long[] n = new long[Verdict.values().length];
        results.forEach(o -> n[o.verdict().ordinal()]++);
        StringBuilder b = new StringBuilder();
        b.append("| cases | clean errors | clean runs | stack traces | hangs | silent wrong outputs | data lost |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        b.append(String.format("| %d | %d | %d | %d | %d | %d | %d |%n", results.size(), n[0], n[1], n[2], n[3], n[4], n[5]));
        for (Outcome o : results) {
            if (o.verdict() != Verdict.CLEAN_ERROR && o.verdict() != Verdict.RAN || Boolean.getBoolean("deepraster.campaign.all")) {
                b.append("  ").append(o.verdict()).append(": ").append(o.c().name()).append(" (exit ").append(o.exit())
                        .append(") ").append(o.message()).append('\n');
            }
        }
        return b.toString();
    }

    /** The output's hash: a file's bytes, or a folder's files (names and bytes; lock files left out). */
    private static String sha256(Path f) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(f)) {
                try (java.util.stream.Stream<Path> s = Files.walk(f)) {
                    for (Path x : s.filter(Files::isRegularFile).filter(x -> !x.getFileName().toString().endsWith(".lock"))
                            .sorted().toList()) {
                        md.update(f.relativize(x).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        md.update(Files.readAllBytes(x));
                    }
                }
                return HexFormat.of().formatHex(md.digest());
            }
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
