package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's native libraries come from our cache, so a killed JVM leaves nothing in the temp folder (issue 21). */
class NativeLibrariesTest {

    @Test
    void extractedOnceAndReplacedWhenDamaged(@TempDir Path cache) throws Exception {
        Path dir = NativeLibraries.extract(cache);
        assertThat(dir).isNotNull();
        Path lib = dir.resolve(System.mapLibraryName("onnxruntime"));
        assertThat(Files.size(lib)).isGreaterThan(1_000_000);
        assertThat(dir.resolve(System.mapLibraryName("onnxruntime4j_jni"))).isRegularFile();
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, written);
        assertThat(NativeLibraries.extract(cache)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(lib)).as("reused, not rewritten").isEqualTo(written);
        long size = Files.size(lib);
        Files.write(lib, new byte[100]); // a damaged copy
        NativeLibraries.extract(cache);
        assertThat(Files.size(lib)).isEqualTo(size);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    /** Run in a child JVM: starts ONNX Runtime as DeepRaster does, then dies as under kill -9 (no exit hooks). */
    public static void main(String[] args) {
        OnnxEnvironment.get();
        Runtime.getRuntime().halt(0);
    }

    @Test
    void aKilledJvmLeavesNoLibraryInTheTempFolder(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path cache = dir.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "-Djava.io.tmpdir=" + tmp, "-Ddeepraster.cache=" + cache, NativeLibrariesTest.class.getName()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.filter(Files::isRegularFile)).as("files left in the temp folder").isEmpty();
        }
        try (Stream<Path> s = Files.walk(cache)) {
            assertThat(s.filter(f -> f.getFileName().toString().equals(System.mapLibraryName("onnxruntime")))).hasSize(1);
        }
    }
}
