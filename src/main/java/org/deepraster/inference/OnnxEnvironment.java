package org.deepraster.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process-wide ONNX Runtime environment, created once on a thread with a large stack. Never call
 * {@code OrtEnvironment.getEnvironment()} elsewhere. Thread-safe.
 *
 * <p>Why the thread: with ONNX Runtime 1.29 creating the environment from a JVM started with a long
 * command line (e.g. {@code java -cp <many jars>}) crashes the JVM with SIGSEGV (native stack
 * overflow while the runtime inspects the process; observed on Debian 12 / JDK 17, not with {@code
 * -Xss64m} or a short command line). Creating it on a dedicated 64 MB-stack thread avoids the crash
 * whatever the caller's thread and command line.
 *
 * <p>Log level: the environment's own logger (what is logged outside a session) writes errors only,
 * {@link OrtLoggingLevel#ORT_LOGGING_LEVEL_ERROR}, or warnings too when DeepRaster's log is verbose
 * ({@link SessionSettings.LogLevel#standard()}); each session has its own level from {@link
 * SessionSettings#logLevel()}. The native runtime writes to standard error: its Java API cannot hand
 * its messages to DeepRaster's log (see {@link SessionSettings.LogLevel}), so the level set is logged
 * at INFO instead.
 */
final class OnnxEnvironment {
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(OnnxEnvironment.class);
    private static volatile OrtEnvironment env;

    private OnnxEnvironment() {
    }

    static OrtEnvironment get() {
        OrtEnvironment e = env;
        if (e != null) {
            return e;
        }
        synchronized (OnnxEnvironment.class) {
            if (env == null) {
                NativeLibraries.useCache(org.deepraster.model.DlpkExtractor.defaultCacheRoot());
                SessionSettings.LogLevel standard = SessionSettings.LogLevel.standard();
                OrtLoggingLevel level = OnnxSessionFactory.level(standard);
                OrtEnvironment[] box = new OrtEnvironment[1];
                Throwable[] err = new Throwable[1];
                Thread t = new Thread(null, () -> {
                    try {
                        box[0] = OrtEnvironment.getEnvironment(level);
                    } catch (Throwable x) {
                        err[0] = x;
                    }
                }, "onnxruntime-init", 64L << 20);
                t.start();
                try {
                    t.join();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting ONNX Runtime", ie);
                }
                if (err[0] != null) {
                    throw new IllegalStateException("ONNX Runtime could not start: " + err[0].getMessage(), err[0]);
                }
                env = box[0];
                LOG.info("ONNX Runtime " + env.getVersion() + " started; its native log level is " + level
                        + (standard == SessionSettings.LogLevel.ERROR ? " (errors only; --verbose adds its warnings)" : "")
                        + ". The native runtime writes to standard error: its Java API cannot route those"
                        + " messages into this log.");
            }
            return env;
        }
    }
}
