package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.model.ModelFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs every fixture model through the engine and checks the decoded results against the known weights. */
class DecoderTest {
    static InferenceEngine engine;

    @BeforeAll
    static void open() {
        engine = new InferenceEngine();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    interface Pixel {
        float value(int c, int y, int x);
    }

    static float[] chip(int c, int h, int w, Pixel f) {
        float[] a = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    a[(k * h + y) * w + x] = f.value(k, y, x);
                }
            }
        }
        return a;
    }

    /** Constant channels (v0, v1, v2). */
    static float[] constant(int size, float... v) {
        return chip(3, size, size, (c, y, x) -> v[c]);
    }

    record Run(ModelDefinition def, Decoder decoder, InferenceOutputs outs) {
    }

    static Run run(String json, ModelFormat layout, int capacity, float[]... chips) {
        ModelDefinition d = ModelDefinitions.load(json);
        ModelSession s = engine.session(d.modelFile());
        ModelCheck.Report report = ModelCheck.check(d, s.signature());
        assertThat(report.ok()).as(report.problems().toString()).isTrue();
        int size = d.imageHeight();
        BatchBuffer b = new BatchBuffer(layout, capacity, 3, size, size);
        for (int i = 0; i < chips.length; i++) {
            b.put(i, chips[i]);
        }
        return new Run(d, report.decoder(), s.run(b));
    }

    static final String TWO_CLASSES = "\"Classes\": [{\"Value\": 0, \"Name\": \"car\"}, {\"Value\": 1, \"Name\": \"tree\"}]";
    static final String FOUR_CLASSES = "\"Classes\": [{\"Value\": 1, \"Name\": \"a\"}, {\"Value\": 2, \"Name\": \"b\"},"
            + " {\"Value\": 3, \"Name\": \"c\"}, {\"Value\": 4, \"Name\": \"d\"}]";

    static double[] softmax(double... z) {
        double s = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i]);
            s += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= s;
        }
        return e;
    }

    @Test
    void classifierLogitsAreSoftmaxedPerChip() {
        Run r = run(Fixtures.json("classifier_logits", "ObjectClassification", FOUR_CLASSES), ModelFormat.NCHW, 4,
                constant(32, 2, 0, 0), constant(32, 0, 0, 1), constant(32, 0, 0, 0));
        assertThat(r.decoder()).isInstanceOf(ClassificationDecoder.class);
        List<Classification> c = ((ClassificationDecoder) r.decoder()).decode(r.outs());
        assertThat(c).hasSize(3);
        double[] p0 = softmax(2, 0, 0, 0.5);
        assertThat(c.get(0).classIndex()).isEqualTo(0);
        assertThat((double) c.get(0).score()).isCloseTo(p0[0], within(1e-5));
        assertThat((double) c.get(0).probabilities()[3]).isCloseTo(p0[3], within(1e-5));
        assertThat(c.get(1).classIndex()).isEqualTo(2);
        assertThat(c.get(2).classIndex()).as("only the bias 0.5 is left").isEqualTo(3);
    }

    @Test
    void classifierProbabilitiesAreKeptAndFixedBatchIsPadded() {
        Run r = run(Fixtures.json("classifier_probs_fixed_batch", "ObjectClassification", FOUR_CLASSES), ModelFormat.NCHW, 2,
                constant(32, 0, 3, 0));
        assertThat(r.outs().count()).isEqualTo(1);
        assertThat(r.outs().first().dim(0)).as("ran with the fixed batch of 2").isEqualTo(2);
        Classification c = ((ClassificationDecoder) r.decoder()).decode(r.outs()).get(0);
        assertThat(c.classIndex()).isEqualTo(1);
        assertThat((double) c.score()).as("softmax applied once, by the model").isCloseTo(softmax(0, 3, 0, 0.5)[1], within(1e-5));
    }

    @Test
    void nhwcInputIsInterleaved() {
        String json = Fixtures.json("classifier_nhwc", "ObjectClassification", FOUR_CLASSES + ", \"ModelFormat\": \"NHWC\"");
        // channel 1 depends on position: mean 1.5 only if the interleave is right
        Run r = run(json, ModelFormat.NHWC, 1, chip(3, 32, 32, (c, y, x) -> c == 1 ? (x < 16 ? 3 : 0) : c == 0 ? 1 : 0));
        Classification c = ((ClassificationDecoder) r.decoder()).decode(r.outs()).get(0);
        double[] p = softmax(1, 1.5, 0, 0.5);
        assertThat(c.classIndex()).isEqualTo(1);
        assertThat((double) c.score()).isCloseTo(p[1], within(1e-5));
    }

    @Test
    void yoloV5Layout() {
        Run r = run(Fixtures.json("detector_yolov5", "ObjectDetection", TWO_CLASSES), ModelFormat.NCHW, 2,
                constant(32, 0.8f, 0, 0), constant(32, 0.2f, 0, 0));
        DetectionDecoder d = (DetectionDecoder) r.decoder();
        assertThat(d.layout()).isEqualTo(DetectionDecoder.Layout.YOLO_V5);
        List<List<Detection>> det = d.decode(r.outs(), 0.5f);
        assertThat(det.get(0)).hasSize(2);
        Detection a = det.get(0).get(0);
        assertThat(a.classIndex()).isEqualTo(1);
        assertThat((double) a.score()).isCloseTo(0.72, within(1e-5));
        assertThat(new float[] {a.x0(), a.y0(), a.x1(), a.y1()}).containsExactly(12, 12, 20, 20);
        Detection b = det.get(0).get(1);
        assertThat(b.classIndex()).isEqualTo(0);
        assertThat((double) b.score()).isCloseTo(0.6, within(1e-5));
        assertThat(new float[] {b.x0(), b.y0(), b.x1(), b.y1()}).containsExactly(3, 2, 7, 8);
        assertThat(det.get(1)).as("objectness 0.2 for box 0 in chip 2").extracting(Detection::score).hasSize(1);
        assertThat(d.decode(r.outs(), 0.01f).get(0)).as("low threshold keeps box 2 (0.05)").hasSize(3);
    }

    @Test
    void ultralyticsLayoutChosenByDeepnessDetType() {
        ModelDefinition def = ModelDefinitions.load(Fixtures.onnx("detector_ultralytics").toString());
        ModelSession s = engine.session(def.modelFile());
        ModelCheck.Report report = ModelCheck.check(def, s.signature());
        assertThat(report.ok()).as(report.problems().toString()).isTrue();
        BatchBuffer b = new BatchBuffer(ModelFormat.NCHW, 1, 3, 32, 32);
        b.put(0, constant(32, 0.8f, 0, 0));
        DetectionDecoder d = (DetectionDecoder) report.decoder();
        assertThat(d.layout()).isEqualTo(DetectionDecoder.Layout.ULTRALYTICS);
        List<Detection> det = d.decode(s.run(b), 0.3f).get(0);
        assertThat(det).extracting(Detection::classIndex).containsExactly(1, 0);
        assertThat((double) det.get(0).score()).isCloseTo(0.8, within(1e-5));
        assertThat(new float[] {det.get(0).x0(), det.get(0).y0(), det.get(0).x1(), det.get(0).y1()}).containsExactly(12, 12, 20, 20);
        assertThat((double) det.get(1).score()).isCloseTo(0.6, within(1e-5));
    }

    @Test
    void separateBoxesScoresLabels() {
        Run r = run(Fixtures.json("detector_boxes_scores_labels", "ObjectDetection", TWO_CLASSES), ModelFormat.NCHW, 1,
                constant(32, 0.9f, 0, 0));
        DetectionDecoder d = (DetectionDecoder) r.decoder();
        assertThat(d.layout()).isEqualTo(DetectionDecoder.Layout.BOXES_SCORES_LABELS);
        assertThat(d.labels()).isEqualTo("labels");
        List<Detection> det = d.decode(r.outs(), 0.5f).get(0);
        assertThat(det).hasSize(2);
        assertThat(new float[] {det.get(0).x0(), det.get(0).y0(), det.get(0).x1(), det.get(0).y1()}).containsExactly(2, 3, 10, 12);
        assertThat(det.get(0).classIndex()).isEqualTo(1);
        assertThat((double) det.get(0).score()).as("channel-0 mean").isCloseTo(0.9, within(1e-5));
        assertThat(det.get(1).classIndex()).isEqualTo(0);
        assertThat((double) det.get(1).score()).isCloseTo(0.7, within(1e-5));
    }

    static final String THREE_CLASSES = "\"Classes\": [{\"Value\": 0, \"Name\": \"a\"}, {\"Value\": 1, \"Name\": \"b\"}, {\"Value\": 2, \"Name\": \"c\"}]";

    /** Left half: channel 0 high; right half: channel 2 high. */
    static float[] halves() {
        return chip(3, 32, 32, (c, y, x) -> (x < 16 && c == 0) || (x >= 16 && c == 2) ? 3 : 0);
    }

    @Test
    void softmaxSegmenterGivesClassAndConfidencePerPixel() {
        Run r = run(Fixtures.json("seg_softmax", "ImageClassification", THREE_CLASSES), ModelFormat.NCHW, 2, halves());
        PixelDecoder d = (PixelDecoder) r.decoder();
        assertThat(d.kind()).isEqualTo(PixelDecoder.Kind.CLASS_SCORES);
        PixelResult p = d.decode(r.outs(), 0.5f).get(0);
        assertThat(p.width()).isEqualTo(32);
        assertThat(p.offsetX()).isZero();
        assertThat(p.classAt(3, 5)).isEqualTo(0);
        assertThat(p.classAt(20, 5)).isEqualTo(2);
        assertThat((double) p.confidenceAt(20, 5)).isCloseTo(softmax(0, 0, 3)[2], within(1e-5));
    }

    @Test
    void logitsSegmenterWithFixedBatchIsSoftmaxed() {
        Run r = run(Fixtures.json("seg_logits_fixed_batch", "ImageClassification", THREE_CLASSES), ModelFormat.NCHW, 2, halves());
        PixelResult p = ((PixelDecoder) r.decoder()).decode(r.outs(), 0.5f).get(0);
        assertThat(r.outs().count()).isEqualTo(1);
        assertThat(p.classAt(31, 31)).isEqualTo(2);
        assertThat((double) p.confidenceAt(0, 0)).isCloseTo(softmax(3, 0, 0)[0], within(1e-5));
    }

    @Test
    void sigmoidSegmenterThresholds() {
        Run r = run(Fixtures.json("seg_sigmoid", "ImageClassification", "\"Classes\": [{\"Value\": 1, \"Name\": \"water\"}]"),
                ModelFormat.NCHW, 1, chip(3, 32, 32, (c, y, x) -> c == 0 ? (x < 16 ? -2 : 2) : 0));
        PixelDecoder d = (PixelDecoder) r.decoder();
        assertThat(d.kind()).isEqualTo(PixelDecoder.Kind.SIGMOID);
        PixelResult p = d.decode(r.outs(), 0.5f).get(0);
        double s2 = 1 / (1 + Math.exp(-2));
        assertThat(p.classAt(0, 0)).isZero();
        assertThat((double) p.confidenceAt(0, 0)).isCloseTo(s2, within(1e-5));
        assertThat(p.classAt(31, 0)).isOne();
        assertThat((double) p.confidenceAt(31, 0)).isCloseTo(s2, within(1e-5));
        assertThat(d.decode(r.outs(), 0.9f).get(0).classAt(31, 0)).as("0.88 < 0.9").isZero();
    }

    @Test
    void labelMapSegmenter() {
        Run r = run(Fixtures.json("seg_labelmap", "ImageClassification", THREE_CLASSES), ModelFormat.NCHW, 1, halves());
        PixelDecoder d = (PixelDecoder) r.decoder();
        assertThat(d.kind()).isEqualTo(PixelDecoder.Kind.LABELS);
        PixelResult p = d.decode(r.outs(), 0.5f).get(0);
        assertThat(p.classAt(0, 0)).isEqualTo(0);
        assertThat(p.classAt(16, 9)).isEqualTo(2);
        assertThat(p.confidenceAt(16, 9)).isEqualTo(1f);
    }

    @Test
    void smallerOutputIsCentredOnTheInput() {
        // class = (x * 3) / 32 across the input's width: output pixel (x, y) is input pixel (x + 8, y + 8)
        float[] in = chip(3, 32, 32, (c, y, x) -> c == (x * 3) / 32 ? 2 : 0);
        Run r = run(Fixtures.json("seg_smaller_output", "ImageClassification", THREE_CLASSES + ", \"ModelPadding\": 8"),
                ModelFormat.NCHW, 1, in);
        PixelResult p = ((PixelDecoder) r.decoder()).decode(r.outs(), 0.5f).get(0);
        assertThat(p.width()).isEqualTo(16);
        assertThat(p.offsetX()).isEqualTo(8);
        assertThat(p.offsetY()).isEqualTo(8);
        for (int x = 0; x < 16; x++) {
            assertThat(p.classAt(x, 3)).as("x=" + x).isEqualTo(((x + 8) * 3) / 32);
        }
    }

    @Test
    void deepnessSegmenterEndToEnd() {
        ModelDefinition def = ModelDefinitions.load(Fixtures.onnx("seg_deepness").toString());
        ModelSession s = engine.session(def.modelFile());
        ModelCheck.Report report = ModelCheck.check(def, s.signature());
        assertThat(report.ok()).isTrue();
        BatchBuffer b = new BatchBuffer(ModelFormat.NCHW, 1, 3, 64, 64);
        b.put(0, chip(3, 64, 64, (c, y, x) -> c == (y < 32 ? 0 : 1) ? 1 : 0));
        PixelResult p = ((PixelDecoder) report.decoder()).decode(s.run(b), 0.6f).get(0);
        assertThat(p.classAt(5, 5)).isZero();
        assertThat(p.classAt(5, 60)).isOne();
        assertThat((double) p.confidenceAt(5, 60)).isCloseTo(softmax(0, 1)[1], within(1e-5));
    }

    @Test
    void sessionsAreCachedPerFileAndSettings() {
        try (InferenceEngine e = new InferenceEngine()) {
            ModelSession a = e.session(Fixtures.onnx("seg_softmax"));
            assertThat(e.session(Fixtures.onnx("seg_softmax"))).isSameAs(a);
            assertThat(e.session(Fixtures.onnx("seg_softmax"), SessionSettings.cpu(1))).isNotSameAs(a);
            assertThat(e.openSessions()).isEqualTo(2);
            assertThat(a.executionProvider()).isEqualTo("CPU");
        }
    }

    @Test
    void cudaRequestFallsBackToCpuWithAWarning() {
        try (InferenceEngine e = new InferenceEngine()) {
            ModelSession s = e.session(Fixtures.onnx("seg_softmax"), SessionSettings.cuda(0));
            if (s.executionProvider().equals("CPU")) {
                assertThat(s.warnings()).singleElement().asString().contains("CUDA was requested").contains("Running on the CPU");
            }
            BatchBuffer b = new BatchBuffer(ModelFormat.NCHW, 1, 3, 32, 32);
            b.put(0, halves());
            assertThat(s.run(b).first().dim(1)).isEqualTo(3);
        }
    }
}
