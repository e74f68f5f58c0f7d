package org.deepraster.model;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.util.UserException;

/**
 * Collects validation errors and warnings while reading a definition. Each error names the file,
 * the key, what was found and what is expected. In lenient (inspect) mode errors become warnings so
 * that {@code info} can still describe a model DeepRaster cannot run.
 */
final class Issues {
    private final String file;
    private final boolean lenient;
    private final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    private String hint = "";

    Issues(String file, boolean lenient) {
        this.file = file;
        this.lenient = lenient;
    }

    String file() {
        return file;
    }

    void error(String key, Object found, String expected) {
        add(file + ": key \"" + key + "\": found " + show(found) + ", expected " + expected);
    }

    /** An error with a free text message (already naming key and expectation) and a hint. */
    void errorText(String message, String hint) {
        add(file + ": " + message);
        if (hint != null && !hint.isEmpty() && this.hint.isEmpty()) {
            this.hint = hint;
        }
    }

    private void add(String message) {
        if (lenient) {
            warnings.add("error (ignored while inspecting): " + message);
        } else {
            errors.add(message);
        }
    }

    void warn(String message) {
        warnings.add(message);
    }

    /** Throws one UserException listing every error, if any. */
    void throwIfErrors() {
        if (errors.isEmpty()) {
            return;
        }
        String msg = errors.size() == 1 ? errors.get(0)
                : "The model definition has " + errors.size() + " problems:\n  - " + String.join("\n  - ", errors);
        throw new UserException(msg, hint.isEmpty()
                ? "Fix the model definition (see the keys named above), or run 'info' on it to inspect it."
                : hint);
    }

    static String show(Object found) {
        if (found == null) {
            return "nothing";
        }
        String s = found.toString();
        if (s.length() > 80) {
            s = s.substring(0, 77) + "...";
        }
        return found instanceof String ? "\"" + s + "\"" : s;
    }
}
