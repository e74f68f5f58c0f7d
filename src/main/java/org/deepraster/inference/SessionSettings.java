package org.deepraster.inference;

/**
 * How a session runs: device (CPU by default, CUDA when asked), GPU id, intra-op threads and
 * inter-op threads ({@code 0} = the runtime's default: intra-op one per physical core; inter-op
 * threads are used only by a runtime that runs independent nodes of a graph in parallel), and the
 * runtime's own log level; {@code spinning}: whether idle intra-op threads busy-wait for work (the runtime's
 * default; off when the cores are shared with reader threads, so a waiting runtime thread yields its core
 * to them). Part of the session cache key. Engine-neutral: {@link OnnxSessionFactory}
 * turns it into ONNX Runtime session options.
 */
public record SessionSettings(Device device, int gpuId, int intraOpThreads, int interOpThreads, LogLevel logLevel,
                              boolean spinning) {
    public enum Device { CPU, CUDA }

    /**
     * The least severe message the runtime itself writes. ONNX Runtime's Java API has no logging
     * callback (the C API's {@code CreateEnvWithCustomLogger} is not exposed: {@code OrtEnvironment}
     * takes only a level and a name), so what the native runtime logs goes straight to the process's
     * standard error, never to DeepRaster's log or to a run's warnings. The default ({@link #standard()})
     * is {@link #ERROR}: at {@link #WARNING} the graph optimiser floods the console with notices that
     * ask nothing of a user (such as unused initializers it removes — over a hundred lines for some
     * models —, or nodes it leaves on the CPU beside CUDA); with {@code --verbose} it is {@link #WARNING}.
     * What a user must know about the run, such as CUDA asked for but the CPU used, DeepRaster reports
     * itself in {@link ModelSession#warnings()}, which the tools turn into run warnings.
     */
    public enum LogLevel {
        VERBOSE, INFO, WARNING, ERROR, FATAL;

        /** {@link #WARNING} when DeepRaster's log is verbose ({@code --verbose}), else {@link #ERROR}. */
        public static LogLevel standard() {
            return org.deepraster.util.Log.verbose() ? WARNING : ERROR;
        }
    }

    /** {@link #cpu cpu(0)} with the log level {@link LogLevel#standard()} had when this class loaded. */
    public static final SessionSettings CPU = cpu(0);

    public SessionSettings(Device device, int gpuId, int intraOpThreads, int interOpThreads, LogLevel logLevel) {
        this(device, gpuId, intraOpThreads, interOpThreads, logLevel, true);
    }

    public SessionSettings {
        if (device == null || logLevel == null) {
            throw new IllegalArgumentException("device and logLevel must be given");
        }
        if (gpuId < 0 || intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("gpuId, intraOpThreads and interOpThreads must be >= 0");
        }
    }

    /** The CPU with this many intra-op threads (0: the runtime's default); the {@link LogLevel#standard() standard} log level. */
    public static SessionSettings cpu(int intraOpThreads) {
        return new SessionSettings(Device.CPU, 0, intraOpThreads, 0, LogLevel.standard());
    }

    /**
     * The CPU with this many intra-op threads that share their cores with the run's reader threads: they
     * do not busy-wait between parallel sections ({@code spinning} off).
     */
    public static SessionSettings cpuShared(int intraOpThreads) {
        return new SessionSettings(Device.CPU, 0, intraOpThreads, 0, LogLevel.standard(), false);
    }

    /** CUDA on this GPU (falling back to the CPU with a warning); the {@link LogLevel#standard() standard} log level. */
    public static SessionSettings cuda(int gpuId) {
        return new SessionSettings(Device.CUDA, gpuId, 0, 0, LogLevel.standard());
    }
}
