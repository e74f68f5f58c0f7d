package org.deepraster.tool.selfsupervised;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo's random forest: {@value #TREES} CART trees (depth at most {@value #DEPTH}, a random half of the features
 * considered at each split), each on a bootstrap sample, combined by voting; the probabilities are the votes' shares.
 * Deterministic for a seed (Tribuo seeds the bootstrap and the feature draws from it; the provenance's timestamp is
 * fixed so that nothing depends on the clock).
 */
final class RandomForest implements PixelClassifier {
    static final int TREES = 30;
    static final int DEPTH = 12;

    private final Model<Label> model;
    private final String[] names;
    private final int nc;
    private final int[] indexOf; // Tribuo's output id -> our class index

    private RandomForest(Model<Label> model, String[] names, int nc) {
        this.model = model;
        this.names = names;
        this.nc = nc;
        this.indexOf = new int[nc];
        java.util.Arrays.fill(indexOf, -1);
        for (var e : model.getOutputIDInfo()) {
            indexOf[e.getA()] = Integer.parseInt(e.getB().getLabel());
        }
    }

    /** Tribuo logs a line per tree at INFO; its warnings still show. Held so that the setting is not collected. */
    private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

    static RandomForest train(float[] x, int[] y, int nf, int nc, long seed) {
        TRIBUO.setLevel(java.util.logging.Level.WARNING);
        LabelFactory labels = new LabelFactory();
        String[] names = new String[nf];
        for (int f = 0; f < nf; f++) {
            names[f] = String.format("f%02d", f);
        }
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("training pixels",
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), labels), labels);
        double[] values = new double[nf];
        for (int i = 0; i < y.length; i++) {
            for (int f = 0; f < nf; f++) {
                values[f] = x[i * nf + f];
            }
            data.add(new ArrayExample<>(new Label(Integer.toString(y[i])), names, values));
        }
        CARTClassificationTrainer tree = new CARTClassificationTrainer(DEPTH, 0.5f, seed);
        RandomForestTrainer<Label> forest = new RandomForestTrainer<>(tree, new VotingCombiner(), TREES, seed);
        return new RandomForest(forest.train(data), names, nc);
    }

    @Override
    public int classes() {
        return nc;
    }

    @Override
    public void probabilities(float[] features, int i, float[] out) {
        int nf = names.length;
        double[] v = new double[nf];
        for (int f = 0; f < nf; f++) {
            v[f] = features[i * nf + f];
        }
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, v));
        java.util.Arrays.fill(out, 0, nc, 0f);
        Map<String, Label> scores = p.getOutputScores();
        for (Label l : scores.values()) {
            int c = Integer.parseInt(l.getLabel());
            if (c >= 0 && c < nc) {
                out[c] = (float) l.getScore();
            }
        }
    }

    @Override
    public String describe() {
        return "random forest (Tribuo) of " + TREES + " trees, depth " + DEPTH + ", " + names.length + " features";
    }
}
