package org.deepraster.tool.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.UTM;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.box;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.f;
import static org.deepraster.tool.assess.AccuracyAssessmentToolTest.layer;

import java.util.Arrays;
import java.util.List;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.junit.jupiter.api.Test;

/** The ground truth the Accuracy Assessment dialog preselects: only what is unambiguous. */
class GroundTruthGuessTest {
    static FeatureCollection detections() {
        return layer("detections", UTM, List.of(new Field("Class", FieldType.STRING), new Field("Confidence", FieldType.REAL)),
                List.of(f(1, box(0, 0, 5, 5), "Class", "tree", "Confidence", 80.0),
                        f(2, box(10, 0, 12, 2), "Class", "car", "Confidence", 70.0)));
    }

    static FeatureCollection truth(String name, String field, String... classes) {
        return layer(name, UTM, List.of(new Field(field, FieldType.STRING)),
                Arrays.stream(classes).map(c -> f(1, box(0, 0, 5, 5), field, c)).toList());
    }

    @Test
    void theLayersHoldingTheResultsClassesAreTheGroundTruth() {
        FeatureCollection dets = detections();
        FeatureCollection trees = truth("trees", "class", "tree");
        FeatureCollection cars = truth("cars", "class", "car");
        FeatureCollection buildings = truth("buildings", "damage", "damaged");
        // the results themselves, a file entry (null), buildings (other classes) are left out
        assertThat(GroundTruthGuess.pick(dets, Arrays.asList(dets, trees, null, buildings, cars), null, null))
                .containsExactly(1, 4);
        // one layer with both classes
        assertThat(GroundTruthGuess.pick(dets, List.of(truth("gt", "class", "tree", "car")), null, null)).containsExactly(0);
    }

    @Test
    void whenUnsureNothingIsChosen() {
        FeatureCollection dets = detections();
        FeatureCollection trees = truth("trees", "class", "tree");
        // two layers hold trees: which is the ground truth?
        assertThat(GroundTruthGuess.pick(dets, List.of(trees, truth("trees 2019", "class", "tree")), null, null)).isEmpty();
        // a layer with a class the results never have is not their ground truth
        assertThat(GroundTruthGuess.pick(dets, List.of(truth("mixed", "class", "tree", "house")), null, null)).isEmpty();
        // another tool's output (a Confidence field) is not ground truth
        assertThat(GroundTruthGuess.pick(dets, List.of(detections()), null, null)).isEmpty();
        // no class field in the results
        FeatureCollection bare = layer("bare", UTM, List.of(), List.of(f(1, box(0, 0, 1, 1))));
        assertThat(GroundTruthGuess.pick(bare, List.of(trees), null, null)).isEmpty();
        // a truth class field named by the user that the layer does not have
        assertThat(GroundTruthGuess.pick(dets, List.of(trees), null, "kind")).isEmpty();
    }
}
