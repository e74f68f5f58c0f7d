package org.deepraster.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.deepraster.inference.BatchBuffer;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.ModelSession;
import org.deepraster.inference.OnnxModelSession;
import org.deepraster.inference.SessionSettings;
import org.deepraster.model.ModelFormat;

/**
 * Measures our batched run ({@link ModelSession#run(BatchBuffer)}: tensor over the direct buffer, run,
 * outputs copied into arrays) against a bare {@code OrtSession.run} on a pre-built tensor of the same
 * data, and the time to fill a 512 x 512 x 3 chip into the batch buffer (NCHW and NHWC).
 *
 * <pre>
 * /usr/bin/python3 sample-models/fixtures/make_test_models.py --bench target/bench
 * mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:$(cat target/cp.txt) org.deepraster.bench.InferenceBenchmark target/bench/bench_cnn.onnx [batch] [rounds] [threads]
 * </pre>
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "target/bench/bench_cnn.onnx");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (!Files.isRegularFile(model)) {
            System.err.println("No benchmark model at " + model + ". Make it with:\n  /usr/bin/python3 "
                    + "sample-models/fixtures/make_test_models.py --bench target/bench");
            System.exit(2);
        }
        int c = 3;
        int size = 256;
        try (InferenceEngine engine = new InferenceEngine()) {
            ModelSession s = engine.session(model, SessionSettings.cpu(threads));
            OnnxModelSession onnx = OnnxModelSession.of(s); // the bare runs use the same session
            BatchBuffer buf = new BatchBuffer(ModelFormat.NCHW, batch, c, size, size);
            Random rnd = new Random(1);
            float[] chip = new float[c * size * size];
            float[] all = new float[batch * chip.length];
            for (int i = 0; i < batch; i++) {
                for (int k = 0; k < chip.length; k++) {
                    chip[k] = rnd.nextFloat();
                }
                buf.put(i, chip);
                System.arraycopy(chip, 0, all, i * chip.length, chip.length);
            }
            FloatBuffer bare = ByteBuffer.allocateDirect(all.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            bare.put(all).rewind();
            OrtSession ort = onnx.ortSession();
            String input = s.signature().input().name();
            try (OnnxTensor tensor = OnnxTensor.createTensor(onnx.environment(), bare, new long[] {batch, c, size, size})) {
                for (int w = 0; w < 3; w++) {
                    s.run(buf);
                    try (OrtSession.Result r = ort.run(Map.of(input, tensor))) {
                        r.get(0);
                    }
                }
                long[] ours = new long[rounds];
                long[] base = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    // interleaved so that load changes on the shared machine hit both alike
                    // and alternating which goes first
                    if (i % 2 == 0) {
                        base[i] = timeBare(ort, input, tensor);
                        ours[i] = timeOurs(s, buf);
                    } else {
                        ours[i] = timeOurs(s, buf);
                        base[i] = timeBare(ort, input, tensor);
                    }
                }
                double mo = median(ours) / 1e6;
                double mb = median(base) / 1e6;
                System.out.printf("model %s, batch %d x %d x %d x %d, %d rounds, intra-op threads %s%n", model.getFileName(),
                        batch, c, size, size, rounds, threads == 0 ? "default" : threads);
                System.out.printf("bare OrtSession.run          median %8.2f ms/batch%n", mb);
                System.out.printf("ModelSession.run (ours)      median %8.2f ms/batch (incl. output copy)%n", mo);
                System.out.printf("throughput ratio bare/ours   %8.3f  (medians; target >= 0.95)%n", mb / mo);
                double bo = Arrays.stream(ours).min().orElseThrow() / 1e6;
                double bb = Arrays.stream(base).min().orElseThrow() / 1e6;
                System.out.printf("best-of-%d ratio bare/ours   %8.3f  (%.2f vs %.2f ms; less sensitive to other load)%n",
                        rounds, bb / bo, bb, bo);
            }
        }
        fillBenchmark(ModelFormat.NCHW);
        fillBenchmark(ModelFormat.NHWC);
    }

    private static long timeBare(OrtSession ort, String input, OnnxTensor tensor) throws Exception {
        long t0 = System.nanoTime();
        try (OrtSession.Result r = ort.run(Map.of(input, tensor))) {
            r.get(0);
        }
        return System.nanoTime() - t0;
    }

    private static long timeOurs(ModelSession s, BatchBuffer buf) {
        long t0 = System.nanoTime();
        s.run(buf);
        return System.nanoTime() - t0;
    }

    private static void fillBenchmark(ModelFormat layout) {
        int c = 3;
        int size = 512;
        BatchBuffer b = new BatchBuffer(layout, 1, c, size, size);
        float[] chip = new float[c * size * size];
        Arrays.fill(chip, 0.5f);
        for (int i = 0; i < 20; i++) {
            b.put(0, chip);
        }
        long[] t = new long[50];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            b.put(0, chip);
            t[i] = System.nanoTime() - t0;
        }
        System.out.printf("fill one 512 x 512 x 3 chip, %s   median %8.3f ms%n", layout, median(t) / 1e6);
    }

    private static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
