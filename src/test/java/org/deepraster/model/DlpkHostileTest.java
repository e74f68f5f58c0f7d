package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile packages (issue 21, points 4 and 7): a bomb refused by its declared sizes and, when the headers lie, by
 * the bytes written, against a ratio to the package's size; nothing left behind; the cache bounded; a damaged
 * extraction unpacked again; a ModelFile pointing outside the package refused.
 */
class DlpkHostileTest {
    @TempDir
    Path dir;

    static final String EMD = "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\", \"ModelType\": \"ImageClassification\","
            + " \"ImageHeight\": 32, \"ImageWidth\": 32}";

    private ModelDefinitions.Options options(DlpkExtractor.Limits l) {
        return ModelDefinitions.Options.strict().withCacheRoot(dir.resolve("cache")).withLimits(l);
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

    private Map<String, byte[]> model(String emd) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("m.emd", emd.getBytes(StandardCharsets.UTF_8));
        m.put("model.onnx", Files.readAllBytes(Fixtures.onnx("seg_softmax")));
        return m;
    }

    private long cacheEntries() throws IOException {
        Path c = dir.resolve("cache").resolve("dlpk");
        if (!Files.isDirectory(c)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.count();
        }
    }

    /** Sets every central-directory "uncompressed size" to 10 bytes: headers that lie. */
    private static void lieAboutSizes(Path zip) throws IOException {
        byte[] b = Files.readAllBytes(zip);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= b.length; i++) {
            if (bb.getInt(i) == 0x02014b50) {
                bb.putInt(i + 24, 10);
            }
        }
        Files.write(zip, b);
    }

    @Test
    void aBombIsRefusedByItsDeclaredSizeAgainstTheRatioAndLeavesNothing() throws IOException {
        Map<String, byte[]> m = model(EMD);
        m.put("zeros.bin", new byte[8 << 20]);
        Path bomb = zip("bomb.dlpk", m);
        var limits = new DlpkExtractor.Limits(100, 1L << 40, 50, 1 << 20, 1L << 40); // no absolute cap in the way
        assertThatThrownBy(() -> ModelDefinitions.load(bomb.toString(), options(limits))).isInstanceOf(UserException.class)
                .hasMessageContaining("declare").hasMessageContaining("zip bomb");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void aBombWithLyingHeadersIsStoppedByTheBytesWritten() throws IOException {
        Map<String, byte[]> m = model(EMD);
        m.put("zeros.bin", new byte[8 << 20]);
        Path bomb = zip("liar.dlpk", m);
        lieAboutSizes(bomb);
        var limits = new DlpkExtractor.Limits(100, 1L << 40, 50, 1 << 20, 1L << 40);
        assertThatThrownBy(() -> ModelDefinitions.load(bomb.toString(), options(limits))).isInstanceOf(UserException.class)
                .hasMessageContaining("unpacking would exceed");
        assertThat(cacheEntries()).as("the refused extraction is cleaned up").isZero();
    }

    @Test
    void aDamagedExtractionIsUnpackedAgainAndAnIntactOneReused() throws IOException {
        Path dlpk = zip("ok.dlpk", model(EMD));
        ModelDefinition d = ModelDefinitions.load(dlpk.toString(), options(DlpkExtractor.Limits.DEFAULT));
        Path unpacked = d.source().unpackedDir();
        Files.writeString(unpacked.resolve("marker"), "x");
        ModelDefinitions.load(dlpk.toString(), options(DlpkExtractor.Limits.DEFAULT));
        assertThat(unpacked.resolve("marker")).as("an intact extraction is reused").exists();
        Files.write(unpacked.resolve("model.onnx"), new byte[] {1, 2}); // truncated
        ModelDefinition again = ModelDefinitions.load(dlpk.toString(), options(DlpkExtractor.Limits.DEFAULT));
        assertThat(unpacked.resolve("marker")).as("a damaged one is unpacked again").doesNotExist();
        assertThat(again.modelFile()).hasSameBinaryContentAs(Fixtures.onnx("seg_softmax"));
    }

    @Test
    void theCacheIsKeptUnderItsSizeLeastRecentlyUsedFirst() throws IOException {
        long one = Files.size(Fixtures.onnx("seg_softmax"));
        var limits = new DlpkExtractor.Limits(100, 1L << 30, 50, 1 << 20, (long) (one * 1.5));
        Path a = zip("a.dlpk", model(EMD));
        Path first = ModelDefinitions.load(a.toString(), options(limits)).source().unpackedDir();
        Path b = zip("b.dlpk", model(EMD.replace("}", ", \"ModelName\": \"b\"}")));
        Path second = ModelDefinitions.load(b.toString(), options(limits)).source().unpackedDir();
        assertThat(second).exists();
        assertThat(first).as("the older extraction goes to keep the cache under its limit").doesNotExist();
    }

    @Test
    void aModelFileOutsideThePackageIsRefused() throws IOException {
        Files.copy(Fixtures.onnx("seg_softmax"), dir.resolve("outside.onnx"));
        for (String f : new String[] {"../../../outside.onnx", dir.resolve("outside.onnx").toString().replace("\\", "/")}) {
            Map<String, byte[]> m = model(EMD.replace("model.onnx", f));
            Path dlpk = zip("out.dlpk", m);
            assertThatThrownBy(() -> ModelDefinitions.load(dlpk.toString(), options(DlpkExtractor.Limits.DEFAULT)))
                    .as(f).isInstanceOf(UserException.class).hasMessageContaining("ModelFile")
                    .hasMessageContaining("inside the package");
        }
    }
}
