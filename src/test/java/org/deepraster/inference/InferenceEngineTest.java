package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine and the session contract over a fake runtime: caching, closing, fixed batches. */
class InferenceEngineTest {
    @TempDir
    Path dir;

    /** Records what it is asked to run; outputs one tensor of shape [n, 1]. */
    static final class FakeSession implements ModelSession {
        final Path file;
        final ModelSignature signature;
        final List<long[]> shapes = new ArrayList<>();
        boolean closed;
        boolean failOnClose;

        FakeSession(Path file, long batchAxis) {
            this.file = file;
            this.signature = new ModelSignature(List.of(TensorSpec.of("x", "FLOAT", batchAxis, 3, 8, 8)),
                    List.of(TensorSpec.of("y", "FLOAT", batchAxis, 1)), Map.of(), "test", "fake");
        }

        @Override
        public Path modelFile() {
            return file;
        }

        @Override
        public ModelSignature signature() {
            return signature;
        }

        @Override
        public String executionProvider() {
            return "FAKE";
        }

        @Override
        public List<String> warnings() {
            return List.of();
        }

        @Override
        public InferenceOutputs run(FloatBuffer data, long[] shape, ModelFormat layout) {
            shapes.add(shape);
            int n = (int) shape[0];
            int h = (int) shape[layout == ModelFormat.NHWC ? 1 : 2];
            int w = (int) shape[layout == ModelFormat.NHWC ? 2 : 3];
            return InferenceOutputs.of(n, h, w, OutputTensor.ofFloats("y", new float[n], n, 1));
        }

        @Override
        public void close() {
            closed = true;
            if (failOnClose) {
                throw new IllegalStateException("native close failed");
            }
        }
    }

    final List<FakeSession> opened = new ArrayList<>();

    private InferenceEngine engine(long batchAxis) {
        return new InferenceEngine((file, settings) -> {
            FakeSession s = new FakeSession(file, batchAxis);
            opened.add(s);
            return s;
        });
    }

    private Path model(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "not really a model");
    }

    @Test
    void opensOneSessionPerFileAndSettings() throws IOException {
        Path a = model("a.onnx");
        try (InferenceEngine e = engine(-1)) {
            ModelSession s = e.session(a);
            assertThat(e.session(dir.resolve("x/../a.onnx"))).isSameAs(s);
            assertThat(e.session(a, SessionSettings.cpu(1))).isNotSameAs(s);
            assertThat(e.session(model("b.onnx"))).isNotSameAs(s);
            assertThat(e.openSessions()).isEqualTo(3);
            assertThat(s.modelFile()).isEqualTo(a.toAbsolutePath().normalize());
        }
        assertThat(opened).hasSize(3).allMatch(s -> s.closed);
    }

    @Test
    void aMissingModelFileIsAUserErrorAndOpensNothing() {
        try (InferenceEngine e = engine(-1)) {
            assertThatThrownBy(() -> e.session(dir.resolve("missing.onnx")))
                    .isInstanceOf(UserException.class).hasMessageContaining("Model file not found");
        }
        assertThat(opened).isEmpty();
    }

    @Test
    void closeClosesEverySessionThenReportsTheFirstFailure() throws IOException {
        InferenceEngine e = engine(-1);
        e.session(model("a.onnx"));
        e.session(model("b.onnx"));
        opened.get(0).failOnClose = true;
        assertThatThrownBy(e::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("a.onnx");
        assertThat(opened).allMatch(s -> s.closed);
        assertThat(e.openSessions()).isZero();
        assertThatThrownBy(() -> e.session(dir.resolve("a.onnx"))).isInstanceOf(IllegalStateException.class);
        e.close(); // once is enough
    }

    @Test
    void aFixedBatchAxisRunsPaddedAndCountsTheRealChips() throws IOException {
        try (InferenceEngine e = engine(4)) {
            ModelSession s = e.session(model("fixed.onnx"));
            assertThat(s.fixedBatch()).isEqualTo(4);
            BatchBuffer b = new BatchBuffer(ModelFormat.NCHW, 4, 3, 8, 8);
            b.put(0, new float[3 * 8 * 8]);
            b.put(1, new float[3 * 8 * 8]);
            InferenceOutputs out = s.run(b);
            assertThat(opened.get(0).shapes).singleElement().isEqualTo(new long[] {4, 3, 8, 8});
            assertThat(out.count()).isEqualTo(2);
            assertThat(out.first().dim(0)).isEqualTo(4);
            assertThat(out.chipHeight()).isEqualTo(8);
        }
    }

    @Test
    void aBatchLargerThanTheFixedAxisIsAUserError() throws IOException {
        try (InferenceEngine e = engine(2)) {
            ModelSession s = e.session(model("fixed.onnx"));
            BatchBuffer b = new BatchBuffer(ModelFormat.NCHW, 3, 3, 8, 8);
            for (int i = 0; i < 3; i++) {
                b.put(i, new float[3 * 8 * 8]);
            }
            assertThatThrownBy(() -> s.run(b)).isInstanceOf(UserException.class)
                    .hasMessageContaining("takes batches of exactly 2 chips, but 3 were given");
        }
    }

    @Test
    void aDynamicBatchAxisRunsTheChipsGiven() throws IOException {
        try (InferenceEngine e = engine(-1)) {
            ModelSession s = e.session(model("dynamic.onnx"));
            assertThat(s.fixedBatch()).isEqualTo(-1);
            BatchBuffer b = new BatchBuffer(ModelFormat.NHWC, 4, 3, 8, 8);
            b.put(0, new float[3 * 8 * 8]);
            InferenceOutputs out = s.run(b);
            assertThat(out.count()).isOne();
            assertThat(out.chipWidth()).isEqualTo(8);
            assertThat(opened.get(0).shapes).singleElement().isEqualTo(new long[] {1, 8, 8, 3});
        }
    }
}
