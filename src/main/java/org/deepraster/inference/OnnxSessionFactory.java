package org.deepraster.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.util.UserException;

/**
 * Opens ONNX Runtime sessions from {@link SessionSettings}: all graph optimisations; the CPU by
 * default; CUDA when asked, falling back to the CPU with a warning on the session when the CUDA
 * provider is not available or the CUDA session fails (the default build ships the CPU runtime;
 * build with {@code -Pgpu} for {@code onnxruntime_gpu}); intra-op and inter-op threads when set;
 * the session's log level (see {@link SessionSettings.LogLevel}). Sessions share the process-wide
 * {@link OnnxEnvironment}.
 */
final class OnnxSessionFactory implements SessionFactory {
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(OnnxSessionFactory.class);
    private final OrtEnvironment env = OnnxEnvironment.get();

    @Override
    public ModelSession open(Path file, SessionSettings settings) {
        List<String> warnings = new ArrayList<>();
        String provider = "CPU";
        OrtSession.SessionOptions options = options(settings);
        try {
            if (settings.device() == SessionSettings.Device.CUDA) {
                try {
                    options.addCUDA(settings.gpuId());
                    provider = "CUDA:" + settings.gpuId();
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    warnings.add("CUDA was requested (GPU " + settings.gpuId() + ") but is not available: "
                            + e.getMessage() + ". Running on the CPU. The GPU needs the 'gpu' build "
                            + "(mvn -Pgpu package, onnxruntime_gpu) and CUDA/cuDNN libraries matching ONNX Runtime.");
                    options.close();
                    options = options(settings);
                }
            }
            OrtSession s;
            try {
                s = env.createSession(file.toString(), options);
            } catch (OrtException e) {
                if (!provider.equals("CPU")) {
                    warnings.add("CUDA session failed (" + e.getMessage() + "); running on the CPU.");
                    options.close();
                    options = options(settings);
                    provider = "CPU";
                    s = env.createSession(file.toString(), options);
                } else {
                    throw e;
                }
            }
            String p = provider;
            LOG.fine(() -> "ONNX Runtime session for " + file + " on " + p + ", native log level " + settings.logLevel()
                    + ", intra-op threads " + settings.intraOpThreads() + ", inter-op threads " + settings.interOpThreads()
                    + (settings.spinning() ? "" : ", no spinning"));
            for (String w : warnings) {
                LOG.warning(file + ": " + w);
            }
            return new OnnxModelSession(env, s, file, provider, warnings);
        } catch (OrtException e) {
            throw new UserException(file + ": ONNX Runtime cannot load this model: " + e.getMessage(),
                    "Check that the file is a complete ONNX model (opset 7 or newer).", e);
        } finally {
            options.close();
        }
    }

    private static OrtSession.SessionOptions options(SessionSettings settings) {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setSessionLogLevel(level(settings.logLevel()));
            if (settings.intraOpThreads() > 0) {
                o.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                o.setInterOpNumThreads(settings.interOpThreads());
            }
            if (!settings.spinning()) {
                o.addConfigEntry("session.intra_op.allow_spinning", "0");
                o.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
        } catch (OrtException e) {
            o.close();
            throw new IllegalStateException(e);
        }
        return o;
    }

    static OrtLoggingLevel level(SessionSettings.LogLevel level) {
        return switch (level) {
            case VERBOSE -> OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE;
            case INFO -> OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO;
            case WARNING -> OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;
            case ERROR -> OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            case FATAL -> OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        };
    }
}
