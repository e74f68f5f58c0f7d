package org.deepraster.model;

/**
 * {@code ModelConfiguration}: either a plain string (the model family, e.g. {@code FasterRCNN})
 * or an object {@code {Name, Architecture, Config}}. Architecture and Config are kept as text
 * (paths inside the package); nothing is executed from them.
 */
public record ModelConfiguration(String name, String architecture, String config) {
    public static ModelConfiguration named(String name) {
        return new ModelConfiguration(name, null, null);
    }

    @Override
    public String toString() {
        if (architecture == null && config == null) {
            return String.valueOf(name);
        }
        return name + " (Architecture " + architecture + ", Config " + config + ")";
    }
}
