package org.deepraster.model;

import java.util.Locale;
import java.util.Optional;

/** The .emd {@code ModelType}: which tool runs a model. */
public enum ModelType {
    OBJECT_CLASSIFICATION("ObjectClassification", "Classify Objects"),
    OBJECT_DETECTION("ObjectDetection", "Detect Objects"),
    /** Esri's name for pixel classification (semantic segmentation). */
    IMAGE_CLASSIFICATION("ImageClassification", "Classify Pixels"),
    INSTANCE_DETECTION("InstanceDetection", "Detect Objects (instance masks)"),
    CHANGE_DETECTION("ChangeDetection", "Detect Change");

    private final String emdName;
    private final String toolName;

    ModelType(String emdName, String toolName) {
        this.emdName = emdName;
        this.toolName = toolName;
    }

    /** The spelling used in .emd files. */
    public String emdName() {
        return emdName;
    }

    /** The tool that runs models of this type. */
    public String toolName() {
        return toolName;
    }

    /** Parses the .emd spelling, ignoring case, spaces and underscores. */
    public static Optional<ModelType> fromEmd(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.replace("_", "").replace(" ", "").toLowerCase(Locale.ROOT);
        for (ModelType m : values()) {
            if (m.emdName.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** All .emd spellings, for messages. */
    public static String expected() {
        StringBuilder sb = new StringBuilder();
        for (ModelType m : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.emdName);
        }
        return sb.toString();
    }
}
