package org.deepraster.toolbox.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.deepraster.util.Log;

/**
 * What the toolbox remembers between sessions, in one small JSON file ({@code toolbox.json}) in the
 * user's config folder: the recent models, the last folder of each kind of file (model, raster, vector,
 * output), and the model each tool last ran with. The folder is {@code deepraster.config} (system
 * property) or {@code DEEPRASTER_CONFIG}, else {@code $XDG_CONFIG_HOME/deepraster}, else
 * {@code ~/.config/deepraster} ({@code %APPDATA%\DeepRaster} on Windows). Tests set the property to a
 * temporary folder. A file that cannot be read or written is a lost convenience, never an error.
 * EDT only (the dialogs' pickers use it).
 */
public final class UserMemory {
    static final int MAX_MODELS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.logging.Logger LOG = Log.logger(UserMemory.class);
    private static UserMemory shared;
    private final Path file;
    private ObjectNode root;

    UserMemory(Path file) {
        this.file = file;
        this.root = read(file);
    }

    /** The memory of this user (the folder is looked up once). */
    public static synchronized UserMemory get() {
        Path folder = folder();
        if (shared == null || !shared.file.getParent().equals(folder)) {
            shared = new UserMemory(folder.resolve("toolbox.json"));
        }
        return shared;
    }

    static Path folder() {
        String p = System.getProperty("deepraster.config");
        if (p == null || p.isBlank()) {
            p = System.getenv("DEEPRASTER_CONFIG");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String home = System.getProperty("user.home");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") && System.getenv("APPDATA") != null) {
            return Path.of(System.getenv("APPDATA"), "DeepRaster");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config")).resolve("deepraster");
    }

    private static ObjectNode read(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                JsonNode n = JSON.readTree(file.toFile());
                if (n instanceof ObjectNode o) {
                    return o;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "Toolbox memory " + file + " not read; starting afresh", e);
        }
        return JSON.createObjectNode();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "Toolbox memory " + file + " not written", e);
        }
    }

    // ---------------------------------------------------------------- models

    /** Recent model files, newest first, only those still there. */
    public List<String> recentModels() {
        List<String> out = new ArrayList<>();
        root.withArrayProperty("recentModels").forEach(n -> {
            if (Files.isRegularFile(Path.of(n.asText()))) {
                out.add(n.asText());
            }
        });
        return out;
    }

    /** Remembers a model file that loaded (a pasted JSON definition is not a file and is not kept). */
    public void modelUsed(String source) {
        if (source == null || source.isBlank() || source.trim().startsWith("{")) {
            return;
        }
        String abs = Path.of(source).toAbsolutePath().normalize().toString();
        List<String> l = new ArrayList<>(recentModels());
        l.remove(abs);
        l.add(0, abs);
        ArrayNode a = root.putArray("recentModels");
        l.stream().limit(MAX_MODELS).forEach(a::add);
        folderUsed("model", Path.of(abs));
        save();
    }

    /** The sample models shipped beside DeepRaster ({@code deepraster.home}/sample-models/*.dlpk). */
    public static List<String> sampleModels() {
        String home = System.getProperty("deepraster.home");
        Path dir = (home == null ? Path.of("") : Path.of(home)).toAbsolutePath().resolve("sample-models");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dlpk")).sorted().map(Path::toString).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The model a tool last ran with , if it is still there. */
    public Optional<String> lastModel(String toolId) {
        JsonNode n = root.withObjectProperty("lastModel").get(toolId);
        return n == null || !Files.isRegularFile(Path.of(n.asText())) ? Optional.empty() : Optional.of(n.asText());
    }

    public void modelRun(String toolId, String source) {
        if (toolId == null || source == null || source.trim().startsWith("{")) {
            return;
        }
        root.withObjectProperty("lastModel").put(toolId, Path.of(source).toAbsolutePath().normalize().toString());
        save();
    }

    // ---------------------------------------------------------------- folders

    /** The folder a file chooser of this kind opens in: where the user last chose such a file, or null. */
    public File folder(String kind) {
        JsonNode n = root.withObjectProperty("folders").get(kind);
        if (n == null) {
            return null;
        }
        File f = new File(n.asText());
        return f.isDirectory() ? f : null;
    }

    /** Remembers the folder of a chosen file (or the folder itself) for choosers of this kind. */
    public void folderUsed(String kind, Path chosen) {
        if (chosen == null) {
            return;
        }
        Path abs = chosen.toAbsolutePath().normalize();
        Path folder = Files.isDirectory(abs) ? abs : abs.getParent();
        if (folder != null) {
            root.withObjectProperty("folders").put(kind, folder.toString());
            save();
        }
    }
}
