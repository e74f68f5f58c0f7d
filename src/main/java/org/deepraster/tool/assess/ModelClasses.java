package org.deepraster.tool.assess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepraster.model.ClassInfo;
import org.deepraster.model.ModelDefinitions;

/** Class names, order and colours from a model definition (empty without one). */
record ModelClasses(List<ClassInfo> classes) {
    static ModelClasses load(String definition) {
        if (definition == null) {
            return new ModelClasses(List.of());
        }
        return new ModelClasses(ModelDefinitions.load(definition, ModelDefinitions.Options.inspect()).classes());
    }

    /** Class value (as text) to name. */
    Map<String, String> names() {
        Map<String, String> m = new HashMap<>();
        for (ClassInfo c : classes) {
            m.put(String.valueOf(c.value()), c.name());
        }
        return m;
    }

    List<String> order() {
        return classes.stream().map(ClassInfo::name).toList();
    }

    Optional<Integer> colorOf(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst().map(ClassInfo::rgb);
    }
}
