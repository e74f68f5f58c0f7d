package org.deepraster.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs of one batched run, in the graph's output order, plus how many batch items are real
 * ({@code count}; a model with a fixed batch axis runs padded with empty chips).
 */
public record InferenceOutputs(Map<String, OutputTensor> tensors, int count, int chipHeight, int chipWidth) {
    public InferenceOutputs {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public static InferenceOutputs of(int count, int chipHeight, int chipWidth, OutputTensor... ts) {
        Map<String, OutputTensor> m = new LinkedHashMap<>();
        for (OutputTensor t : ts) {
            m.put(t.name(), t);
        }
        return new InferenceOutputs(m, count, chipHeight, chipWidth);
    }

    public OutputTensor get(String name) {
        OutputTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no output " + name + " in " + tensors.keySet());
        }
        return t;
    }

    public OutputTensor first() {
        return tensors.values().iterator().next();
    }

    public List<OutputTensor> list() {
        return List.copyOf(tensors.values());
    }
}
