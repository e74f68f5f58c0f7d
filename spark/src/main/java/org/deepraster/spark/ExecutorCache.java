package org.deepraster.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.deepraster.inference.InferenceEngine;

/**
 * What an executor JVM keeps for all its tasks: one {@link InferenceEngine} (so a model is opened once per JVM,
 * keyed by model file and settings; never serialised from the driver) and the local copies of remote inputs
 * (keyed by their URI). Created lazily on first use; the engine closes when the JVM exits.
 */
public final class ExecutorCache {
    private static InferenceEngine engine;
    private static final Map<String, Path> STAGED = new HashMap<>();
    private static Path stagingDir;

    private ExecutorCache() {
    }

    /** This JVM's engine. */
    public static synchronized InferenceEngine engine() {
        if (engine == null) {
            InferenceEngine e = new InferenceEngine();
            engine = e;
            Runtime.getRuntime().addShutdownHook(new Thread(e::close, "deepraster-engine-close"));
        }
        return engine;
    }

    /** Sessions this JVM has opened (for tests: one per model). */
    public static synchronized int openSessions() {
        return engine == null ? 0 : engine.openSessions();
    }

    /**
     * A local file for {@code path}: itself when it is a {@code file:} path, else a copy made once per JVM. With
     * {@code withSiblings} the files beside it are copied too (an .emd names its .onnx beside it).
     */
    public static synchronized Path local(SparkPaths paths, String path, boolean withSiblings) throws IOException {
        org.apache.hadoop.fs.Path p = SparkPaths.path(path);
        if (SparkPaths.isLocal(p)) {
            return Path.of(p.toUri());
        }
        Path done = STAGED.get(p.toString());
        if (done != null) {
            return done;
        }
        if (stagingDir == null) {
            stagingDir = Files.createTempDirectory("deepraster-staged");
        }
        Path dir = Files.createTempDirectory(stagingDir, "in");
        if (withSiblings) {
            for (FileStatus s : paths.fs(p).listStatus(p.getParent())) {
                if (s.isFile()) {
                    paths.download(s.getPath(), dir.resolve(s.getPath().getName()));
                }
            }
        } else {
            paths.download(p, dir.resolve(p.getName()));
        }
        Path local = dir.resolve(p.getName());
        STAGED.put(p.toString(), local);
        return local;
    }
}
