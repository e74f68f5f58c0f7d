package org.deepraster.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.deepraster.util.UserException;

/**
 * Loads a {@link ModelDefinition} from what a user gives as {@code in_model_definition}: an .emd file,
 * a .dlpk package, a self-describing .onnx file, or a JSON string. Dispatches on the content.
 *
 * <p>Strict mode (the default, used before a run) fails with a {@link UserException} when the model
 * cannot run: framework other than ONNX, missing model file, bad keys. Lenient mode ({@link
 * Options#inspect()}) turns those into warnings so that {@code info} can describe any package.
 */
public final class ModelDefinitions {
    /** Loader options: lenient (inspect) mode, the cache folder for .dlpk, and unpack limits. */
    public record Options(boolean lenient, Path cacheRoot, DlpkExtractor.Limits limits) {
        public static Options strict() {
            return new Options(false, DlpkExtractor.defaultCacheRoot(), DlpkExtractor.Limits.DEFAULT);
        }

        public static Options inspect() {
            return new Options(true, DlpkExtractor.defaultCacheRoot(), DlpkExtractor.Limits.DEFAULT);
        }

        public Options withCacheRoot(Path root) {
            return new Options(lenient, root, limits);
        }

        public Options withLimits(DlpkExtractor.Limits l) {
            return new Options(lenient, cacheRoot, l);
        }
    }

    private ModelDefinitions() {
    }

    /** Strict load: throws a UserException when the model cannot be run. */
    public static ModelDefinition load(String pathOrJson) {
        return load(pathOrJson, Options.strict());
    }

    public static ModelDefinition load(String pathOrJson, Options options) {
        if (pathOrJson == null || pathOrJson.isBlank()) {
            throw new UserException("No model definition given",
                    "Give an .emd file, a .dlpk package, an .onnx file or a JSON string.");
        }
        String t = EmdParser.stripBom(pathOrJson).trim();
        if (t.startsWith("{")) {
            return fromJson(t, null, new ModelSource(ModelSource.Kind.JSON_STRING, null, null),
                    Path.of("").toAbsolutePath(), options);
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            throw new UserException("The model definition \"" + t + "\" is neither a file path nor a JSON object",
                    "Give an .emd file, a .dlpk package, an .onnx file or a JSON string starting with {.");
        }
        return load(p, options);
    }

    public static ModelDefinition load(Path file, Options options) {
        if (!Files.isRegularFile(file)) {
            throw new UserException("Model definition not found: " + file.toAbsolutePath(),
                    "Give an existing .emd, .dlpk or .onnx file (or a JSON string).");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] head = head(file);
        boolean zip = head.length >= 2 && head[0] == 'P' && head[1] == 'K';
        if (name.endsWith(".dlpk") || (zip && !name.endsWith(".onnx"))) {
            return fromDlpk(file, options);
        }
        if (name.endsWith(".onnx")) {
            return fromOnnx(file, options);
        }
        String text = read(file);
        return fromJson(text, file, new ModelSource(ModelSource.Kind.EMD, file.toAbsolutePath().normalize(), null),
                file.toAbsolutePath().getParent(), options);
    }

    private static ModelDefinition fromJson(String text, Path file, ModelSource source, Path baseDir, Options o) {
        Issues issues = new Issues(source.label(), o.lenient());
        JsonNode root = EmdParser.readJson(text, issues);
        ModelDefinition.Builder b = EmdParser.parse(root, baseDir, issues);
        b.source = source;
        checkRunnable(b, issues);
        issues.throwIfErrors();
        b.warnings.addAll(issues.warnings);
        return b.build();
    }

    private static ModelDefinition fromDlpk(Path file, Options o) {
        DlpkExtractor.Unpacked u = DlpkExtractor.unpack(file, o.cacheRoot(), o.limits());
        ModelSource src = new ModelSource(ModelSource.Kind.DLPK, file.toAbsolutePath().normalize(), u.dir());
        Issues issues = new Issues(file + "!" + u.dir().relativize(u.emd()), o.lenient());
        JsonNode root = EmdParser.readJson(read(u.emd()), issues);
        ModelDefinition.Builder b = EmdParser.parse(root, u.emd().getParent(), issues);
        b.source = src;
        if (b.modelFile != null && !DlpkExtractor.inside(u.dir(), b.modelFile)) {
            issues.error("ModelFile", b.modelFileText, "a file inside the package (it points outside " + file.getFileName()
                    + ", which a package may not do)");
        }
        checkRunnable(b, issues);
        issues.throwIfErrors();
        b.warnings.addAll(u.warnings());
        b.warnings.addAll(issues.warnings);
        return b.build();
    }

    private static ModelDefinition fromOnnx(Path file, Options o) {
        Issues issues = new Issues(file.toString(), o.lenient());
        ModelSignature sig = ModelSignature.read(file);
        ModelDefinition.Builder b = DeepnessMetadata.toDefinition(file, sig, issues);
        b.source = new ModelSource(ModelSource.Kind.ONNX, file.toAbsolutePath().normalize(), null);
        issues.throwIfErrors();
        b.warnings.addAll(issues.warnings);
        return b.build();
    }

    /** Framework must be ONNX; the model file must exist; Python inference functions are not run. */
    private static void checkRunnable(ModelDefinition.Builder b, Issues issues) {
        String fw = b.framework;
        boolean onnxFile = b.modelFile != null && b.modelFile.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
        if (fw == null) {
            if (onnxFile) {
                b.framework = "ONNX";
                issues.warn(issues.file() + ": no \"Framework\" key; assuming ONNX from the model file name");
            } else if (b.inferenceFunction != null) {
                issues.errorText("key \"Framework\": found nothing, expected \"ONNX\"; this package relies on the "
                        + "Python inference function \"" + b.inferenceFunction + "\", which DeepRaster never executes",
                        "Export the model behind " + b.inferenceFunction + " to ONNX and describe it with "
                                + "\"Framework\": \"ONNX\" and \"ModelFile\": \"model.onnx\".");
            } else {
                issues.errorText("key \"Framework\": found nothing, expected \"ONNX\"",
                        "Add \"Framework\": \"ONNX\" and point \"ModelFile\" to the .onnx file.");
            }
        } else if (!fw.trim().equalsIgnoreCase("onnx")) {
            issues.errorText("key \"Framework\": found \"" + fw + "\", expected \"ONNX\"; DeepRaster runs ONNX models only",
                    Frameworks.exportHint(fw));
        }
        if (b.inferenceFunction != null) {
            issues.warn(issues.file() + ": InferenceFunction \"" + b.inferenceFunction
                    + "\" is kept for information only; DeepRaster never executes Python code from a model package");
        }
        if (b.modelFile == null) {
            issues.error("ModelFile", null, "the path of the .onnx file, relative to the .emd");
        } else if (!Files.isRegularFile(b.modelFile)) {
            issues.errorText("key \"ModelFile\": found \"" + b.modelFileText + "\", but there is no file at "
                    + b.modelFile, "Put the model file next to the .emd, or correct ModelFile.");
        } else if (!onnxFile && (fw == null || fw.trim().equalsIgnoreCase("onnx"))) {
            issues.warn(issues.file() + ": ModelFile \"" + b.modelFileText + "\" does not end with .onnx");
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw new UserException("Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (s.indexOf('\uFFFD') >= 0 && bytes.length > 1 && (bytes[0] == (byte) 0xFF || bytes[0] == (byte) 0xFE)) {
                s = new String(bytes, StandardCharsets.UTF_16);
            }
            return s;
        } catch (IOException e) {
            throw new UserException("Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
    }
}
