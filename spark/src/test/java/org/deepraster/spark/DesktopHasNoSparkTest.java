package org.deepraster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The desktop stays light: the application jar and its distribution's libraries ({@code target/lib} of the root
 * build, which {@code ./run-tests} makes before this module) hold no Spark, Scala or Hadoop.
 */
class DesktopHasNoSparkTest {
    static final Path ROOT = Path.of(System.getProperty("deepraster.samples", "../sample-models")).toAbsolutePath()
            .getParent();

    @Test
    void theApplicationsLibrariesHoldNoSpark() throws IOException {
        Path lib = ROOT.resolve("target/lib");
        assertThat(lib).as("the root build's libraries (run ./run-tests, or mvn package at the root)").isDirectory();
        List<String> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("onnxruntime")); // (the folder is the distribution's)
        assertThat(jars).noneMatch(j -> j.startsWith("spark-") || j.startsWith("scala-") || j.startsWith("hadoop-")
                || j.startsWith("log4j-"));
    }

    @Test
    void theApplicationJarHoldsNoSparkClasses() throws IOException {
        Path jar = ROOT.resolve("target/deepraster.jar");
        assertThat(jar).isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.stream().map(e -> e.getName()))
                    .anyMatch(n -> n.startsWith("org/deepraster/"))
                    .noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("org/deepraster/spark/")
                            || n.startsWith("scala/"));
        }
    }
}
