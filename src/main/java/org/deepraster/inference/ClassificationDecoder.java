package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code [N, C]} scores. Rows that already are probabilities (values in [0, 1] summing to 1) are kept;
 * otherwise they are taken as logits and a softmax is applied.
 */
public record ClassificationDecoder(String output, int numClasses) implements Decoder {
    public String describe() {
        return "classification: output " + output + " [N, " + (numClasses > 0 ? numClasses : "C")
                + "] -> softmax unless already probabilities";
    }

    public List<Classification> decode(InferenceOutputs outs) {
        OutputTensor t = outs.get(output);
        int c = t.dim(1);
        List<Classification> res = new ArrayList<>(outs.count());
        for (int n = 0; n < outs.count(); n++) {
            float[] p = new float[c];
            for (int i = 0; i < c; i++) {
                p[i] = (float) t.at(n * c + i);
            }
            if (!Probabilities.isDistribution(p, 0, 1, c)) {
                Probabilities.softmax(p, 0, 1, c);
            }
            int best = 0;
            for (int i = 1; i < c; i++) {
                if (p[i] > p[best]) {
                    best = i;
                }
            }
            res.add(new Classification(best, p[best], p));
        }
        return res;
    }
}
