package org.deepraster.tool;

import org.deepraster.inference.Decoder;
import org.deepraster.inference.Decoders;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.SessionSettings;
import org.deepraster.job.JobConfig;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * What the model-running tools share before their own checks: the session settings from the
 * environments, the chip size (ImageHeight/ImageWidth, the input's fixed axes, or {@code tile_size}
 * for models with a variable tile size), the batch size (capped by a fixed batch axis) and the
 * number of input channels.
 */
public final class ModelSetup {
    private ModelSetup() {
    }

    /**
     * On the CPU with the default parallel processing factor, inference gets every core and shares them
     * with the readers: its threads do not spin while they wait (they yield the core to a reader), and
     * the run keeps only as many readers busy as feed the model ({@link #jobConfig}). With an explicit
     * factor, inference gets the cores the readers leave (spinning as the runtime does).
     * {@code -Ddeepraster.intraOpThreads=N} overrides the intra-op threads.
     */
    static SessionSettings sessionSettings(Environments env) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (env.processor() == Environments.Processor.GPU) {
            return SessionSettings.cuda(env.gpuId());
        }
        if (env.parallelProcessingFactor() == 0) {
            return SessionSettings.cpuShared(Integer.getInteger("deepraster.intraOpThreads", cores));
        }
        return SessionSettings.cpu(Integer.getInteger("deepraster.intraOpThreads", Math.max(1, cores - env.readers())));
    }

    /**
     * The engine's settings for a model run: with the default parallel processing factor up to one
     * reader a core, as many taking work as the measured reading and inference costs ask
     * ({@code job.ReaderBalance}); an explicit factor is that many readers.
     */
    public static JobConfig jobConfig(int batchSize, Environments env, ModelSession session) {
        boolean balanced = env.parallelProcessingFactor() == 0;
        int readers = balanced ? Math.max(1, Runtime.getRuntime().availableProcessors()) : env.readers();
        int threads = session.executionProvider().equals("CPU") ? Math.max(0, sessionSettings(env).intraOpThreads()) : 0;
        return JobConfig.of(batchSize, readers, balanced, threads, env.retries());
    }

    public static ModelSession session(InferenceEngine engine, ModelDefinition d, Environments env) {
        return engine.session(d.modelFile(), sessionSettings(env));
    }

    /**
     * The decoder for the model's output when it is a {@code type}; else a {@link UserException}
     * "The model NAME is not WHAT (ModelType ...; its output is read as: ...)." with {@code hint}.
     */
    public static <T extends Decoder> T decoder(ModelDefinition d, ModelSession session, Class<T> type, String what, String hint) {
        return decoder(d, session, ModelArguments.EMPTY, type, what, hint);
    }

    /** As above; the model arguments settle what the outputs alone cannot ({@code yolo_layout}, {@code num_classes}). */
    public static <T extends Decoder> T decoder(ModelDefinition d, ModelSession session, ModelArguments args, Class<T> type,
                                                String what, String hint) {
        Decoder decoder = Decoders.select(d, session.signature(), args);
        if (!type.isInstance(decoder)) {
            throw new UserException("The model " + d.displayName() + " is not " + what + " (ModelType "
                    + d.modelTypeText() + "; its output is read as: " + decoder.describe() + ").", hint);
        }
        return type.cast(decoder);
    }

    static int fixedDim(TensorSpec in, int axis) {
        return in.rank() == 4 && !in.isDynamic(axis) ? (int) in.dim(axis) : -1;
    }

    /** {width, height} of the chip; {@code tile_size} applies when the model supports a variable tile size. */
    public static int[] chipSize(ModelDefinition d, TensorSpec in, ModelArguments.Resolved args) {
        boolean nhwc = d.modelFormat() == ModelFormat.NHWC;
        int chipH = d.imageHeight() != null ? d.imageHeight() : fixedDim(in, nhwc ? 1 : 2);
        int chipW = d.imageWidth() != null ? d.imageWidth() : fixedDim(in, nhwc ? 2 : 3);
        if (d.supportsVariableTileSize() && args.has("tile_size")) {
            chipH = chipW = args.getInt("tile_size", chipH);
        }
        if (chipH > MAX_CHIP || chipW > MAX_CHIP) {
            throw new UserException("The model " + d.displayName() + " asks for chips of " + chipW + " x " + chipH
                    + " pixels: more than " + MAX_CHIP + " a side cannot be held in memory.",
                    "Check ImageHeight/ImageWidth (or tile_size) in the model definition.");
        }
        if (chipH <= 0 || chipW <= 0) {
            throw new UserException("The model " + d.displayName() + " does not say its chip size: no ImageHeight/ImageWidth"
                    + " and its input " + in.shapeText() + " has no fixed height and width.",
                    "Add \"ImageHeight\" and \"ImageWidth\" to the .emd.");
        }
        return new int[] {chipW, chipH};
    }

    /** The largest chip side a run accepts. */
    static final int MAX_CHIP = 16384;

    /** {@code batch_size} (default 4), at most the model's fixed batch. */
    /**
     * The input normalisation of the model: its definition's, with the model argument {@code input_scale}
     * for an .onnx file without metadata (1/255 unless given); the rule is said in the run's warnings then.
     */
    public static InputNormalization normalization(ModelDefinition d, int channels, ModelArguments given,
                                                   ModelArguments.Resolved args, java.util.List<String> warnings) {
        boolean bare = ArgumentSpecs.noMetadataOnnx(d);
        Double scale = bare && given.get(ArgumentSpecs.INPUT_SCALE) != null
                ? args.getDouble(ArgumentSpecs.INPUT_SCALE, ArgumentSpecs.DEFAULT_INPUT_SCALE) : null;
        InputNormalization n = InputNormalization.forDefinition(d, channels, scale);
        warnings.addAll(InputNormalization.doubts(d));
        if (bare && scale == null) {
            warnings.add("The ONNX file has no metadata: input values are scaled by 1/255 as Deepness does"
                    + " (give the model argument \"input_scale 1\" for raw values).");
        }
        return n;
    }

    /** The same, with a warning for each raster of more than 8 bits given to a model that expects 0..255. */
    public static InputNormalization normalization(ModelDefinition d, int channels, ModelArguments given,
                                                   ModelArguments.Resolved args, java.util.List<String> warnings,
                                                   java.util.List<? extends org.deepraster.raster.RasterSource> rasters) {
        InputNormalization n = normalization(d, channels, given, args, warnings);
        boolean bare = ArgumentSpecs.noMetadataOnnx(d);
        Double scale = bare && given.get(ArgumentSpecs.INPUT_SCALE) != null
                ? args.getDouble(ArgumentSpecs.INPUT_SCALE, ArgumentSpecs.DEFAULT_INPUT_SCALE) : null;
        String why = InputNormalization.eightBitReason(d, scale);
        if (why != null) {
            for (org.deepraster.raster.RasterSource r : rasters) {
                org.deepraster.raster.SampleType t = r.sampleType();
                if (t != org.deepraster.raster.SampleType.UINT8 && t != org.deepraster.raster.SampleType.INT8) {
                    warnings.add(r.name() + " holds " + t.bits() + "-bit " + (t.name().startsWith("FLOAT") ? "float" : "integer")
                            + " values (" + t + ") but the model expects 8-bit values 0..255 (" + why + "): values above"
                            + " 255 are outside what it was trained on. Convert the raster to 8-bit, or give the model"
                            + " NormalizationStats for this data.");
                }
            }
        }
        return n;
    }

    public static int batchSize(ModelArguments.Resolved args, ModelSession session) {
        int batch = args.getInt("batch_size", 4);
        if (session.fixedBatch() > 0) {
            batch = Math.min(batch, session.fixedBatch());
        }
        return Math.max(1, batch);
    }

    /** The input's fixed channel count, or -1. */
    public static int modelChannels(ModelDefinition d, TensorSpec in) {
        boolean nhwc = d.modelFormat() == ModelFormat.NHWC;
        return in.rank() == 4 && !in.isDynamic(nhwc ? 3 : 1) ? (int) in.dim(nhwc ? 3 : 1) : -1;
    }
}
