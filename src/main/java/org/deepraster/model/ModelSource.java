package org.deepraster.model;

import java.nio.file.Path;

/**
 * Where a definition came from: the kind, the file the user named (null for a JSON string), and
 * for a .dlpk the folder it was unpacked into.
 */
public record ModelSource(Kind kind, Path file, Path unpackedDir) {
    public enum Kind { EMD, JSON_STRING, DLPK, ONNX }

    /** Short text for messages: the file name, or "JSON string". */
    public String label() {
        return file == null ? "JSON string" : file.toString();
    }

    @Override
    public String toString() {
        return kind + " " + label() + (unpackedDir == null ? "" : " (unpacked in " + unpackedDir + ")");
    }
}
