package org.deepraster.inference;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ONNX Runtime's native libraries, extracted once into {@code <cache>/onnxruntime/<version>-<os-arch>/}
 * and reused: ONNX Runtime's Java loader otherwise copies them (11–28 MB) into a new temporary folder
 * at every start and deletes them only on a normal JVM exit, so every killed JVM left a copy behind.
 * It reads the folder from the system property {@code onnxruntime.native.path} (set here unless the
 * user set it). A file is written beside its final name and moved into place, so a JVM killed while
 * extracting, or two JVMs at once, leave no half library; a file whose size differs from the jar's
 * is replaced. Anything failing (read-only home) leaves ONNX Runtime's own behaviour.
 */
final class NativeLibraries {
    static final String PROPERTY = "onnxruntime.native.path";
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(NativeLibraries.class);
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared"};

    private NativeLibraries() {
    }

    /** Points ONNX Runtime at the cached libraries (extracting them first if needed), once per JVM. */
    static synchronized void useCache(Path cacheRoot) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Path dir = extract(cacheRoot);
            if (dir != null) {
                System.setProperty(PROPERTY, dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "ONNX Runtime's native libraries are not cached (" + e + "); it extracts them itself");
        }
        removeEmptyLeftovers();
    }

    /** The folder holding this platform's libraries, extracted if missing or of the wrong size; null if the jar has none. */
    static Path extract(Path cacheRoot) throws IOException {
        String resourceDir = "/ai/onnxruntime/native/" + osArch() + "/";
        List<String> present = new ArrayList<>();
        for (String lib : LIBRARIES) {
            if (NativeLibraries.class.getResource(resourceDir + System.mapLibraryName(lib)) != null) {
                present.add(System.mapLibraryName(lib));
            }
        }
        if (present.isEmpty()) {
            return null;
        }
        String version = ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
        Path dir = cacheRoot.resolve("onnxruntime").resolve((version == null ? "unknown" : version) + "-" + osArch());
        Files.createDirectories(dir);
        for (String name : present) {
            URL url = NativeLibraries.class.getResource(resourceDir + name);
            URLConnection c = url.openConnection();
            long size = c.getContentLengthLong();
            Path target = dir.resolve(name);
            if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
                continue;
            }
            Path part = Files.createTempFile(dir, name, ".part");
            try (InputStream in = c.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return dir;
    }

    /**
     * Removes empty {@code onnxruntime-java*} folders older than an hour from the temporary folder: ONNX
     * Runtime makes one at every start even when it loads from {@link #PROPERTY}, and a killed JVM leaves it.
     */
    static void removeEmptyLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, "onnxruntime-java*")) {
            for (Path d : s) {
                try {
                    if (Files.isDirectory(d) && Files.getLastModifiedTime(d).compareTo(hourAgo) < 0) {
                        Files.delete(d); // fails (and is left) when not empty
                    }
                } catch (IOException | RuntimeException e) {
                    // another user's, or not empty
                }
            }
        } catch (IOException | RuntimeException e) {
            // no temporary folder to look at
        }
    }

    /** ONNX Runtime's name of this platform (its OnnxRuntime.initOsArch). */
    static String osArch() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64")
                ? "aarch64" : arch;
        return o + "-" + a;
    }
}
