package org.deepraster.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the committed ONNX fixtures and small helpers to write definitions. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path onnx(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/onnx/" + name + ".onnx").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing; run sample-models/fixtures/make_test_models.py", e);
        }
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON text with the path escaped for a JSON string. */
    public static String jsonPath(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\");
    }

    /** A JSON-string definition for a fixture model. */
    public static String json(String fixture, String type, String extra) {
        return "{\"Framework\": \"ONNX\", \"ModelFile\": \"" + jsonPath(onnx(fixture)) + "\", \"ModelType\": \"" + type
                + "\", \"ImageHeight\": 32, \"ImageWidth\": 32, \"ExtractBands\": [0, 1, 2]" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }
}
