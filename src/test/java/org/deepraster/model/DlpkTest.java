package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlpkTest {
    @TempDir
    Path dir;

    private ModelDefinitions.Options options() {
        return ModelDefinitions.Options.strict().withCacheRoot(dir.resolve("cache"));
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String EMD = "{\"Framework\": \"ONNX\", \"ModelFile\": \".\\\\model.onnx\", \"ModelType\": \"ImageClassification\","
            + " \"ImageHeight\": 32, \"ImageWidth\": 32, \"ExtractBands\": [0, 1, 2], \"InferenceFunction\": \"Unet.py\"}";

    @Test
    void unpacksOnceIntoAContentHashedCache() throws IOException {
        Path dlpk = zip("water.dlpk", Map.of("water.emd", utf8(EMD), "model.onnx", Files.readAllBytes(Fixtures.onnx("seg_softmax")),
                "Unet.py", utf8("import os\nos.system('rm -rf /')\n"), "ModelCharacteristics/loss.png", new byte[] {1, 2, 3}));
        ModelDefinition d = ModelDefinitions.load(dlpk.toString(), options());
        assertThat(d.source().kind()).isEqualTo(ModelSource.Kind.DLPK);
        Path unpacked = d.source().unpackedDir();
        assertThat(unpacked.getParent()).isEqualTo(dir.resolve("cache").resolve("dlpk"));
        assertThat(unpacked.getFileName().toString()).hasSize(64).matches("[0-9a-f]+");
        assertThat(d.modelFile()).isEqualTo(unpacked.resolve("model.onnx").toAbsolutePath().normalize());
        assertThat(d.modelFile()).exists();
        assertThat(d.warnings()).anyMatch(w -> w.contains("Unet.py") && w.contains("never executes"));
        // a second load reuses the folder
        long before = Files.getLastModifiedTime(unpacked.resolve("model.onnx")).toMillis();
        ModelDefinition again = ModelDefinitions.load(dlpk.toString(), options());
        assertThat(again.source().unpackedDir()).isEqualTo(unpacked);
        assertThat(Files.getLastModifiedTime(unpacked.resolve("model.onnx")).toMillis()).isEqualTo(before);
        try (Stream<Path> s = Files.list(dir.resolve("cache").resolve("dlpk"))) {
            assertThat(s.count()).as("no temp folders left").isEqualTo(1);
        }
    }

    @Test
    void zipSlipEntriesAreRefused() throws IOException {
        for (String evil : new String[] {"../evil.txt", "a/../../evil.txt", "/etc/evil", "C:\\evil.txt", "..\\evil.txt"}) {
            Path dlpk = zip("slip.dlpk", Map.of("m.emd", utf8(EMD), evil, utf8("x")));
            assertThatThrownBy(() -> ModelDefinitions.load(dlpk.toString(), options()))
                    .as(evil).isInstanceOf(UserException.class).hasMessageContaining("unsafe path");
            assertThat(dir.resolve("evil.txt")).doesNotExist();
            assertThat(dir.resolve("cache").resolve("evil.txt")).doesNotExist();
        }
    }

    @Test
    void zipBombIsStoppedByActualBytesNotHeaders() throws IOException {
        Path dlpk = zip("bomb.dlpk", Map.of("m.emd", utf8(EMD), "zeros.bin", new byte[4 << 20]));
        assertThat(Files.size(dlpk)).isLessThan(100_000);
        var opts = options().withLimits(new DlpkExtractor.Limits(100, 1 << 20));
        assertThatThrownBy(() -> ModelDefinitions.load(dlpk.toString(), opts))
                .isInstanceOf(UserException.class).hasMessageContaining("zip bomb");
        try (Stream<Path> s = Files.list(dir.resolve("cache").resolve("dlpk"))) {
            assertThat(s.count()).as("partial unpack removed").isZero();
        }
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, byte[]> many = new java.util.LinkedHashMap<>();
        many.put("m.emd", utf8(EMD));
        for (int i = 0; i < 20; i++) {
            many.put("f" + i, new byte[1]);
        }
        Path dlpk = zip("many.dlpk", many);
        var opts = options().withLimits(new DlpkExtractor.Limits(10, 1 << 20));
        assertThatThrownBy(() -> ModelDefinitions.load(dlpk.toString(), opts)).hasMessageContaining("more than 10 entries");
    }

    @Test
    void missingEmdIsAClearError() throws IOException {
        Path dlpk = zip("noemd.dlpk", Map.of("model.onnx", new byte[] {1}));
        assertThatThrownBy(() -> ModelDefinitions.load(dlpk.toString(), options()))
                .hasMessageContaining("noemd.dlpk").hasMessageContaining("no model definition (.emd)");
    }

    @Test
    void notAZipIsAClearError() throws IOException {
        Path dlpk = Fixtures.write(dir, "fake.dlpk", "hello");
        assertThatThrownBy(() -> ModelDefinitions.load(dlpk.toString(), options()))
                .hasMessageContaining("not a valid .dlpk");
    }
}
