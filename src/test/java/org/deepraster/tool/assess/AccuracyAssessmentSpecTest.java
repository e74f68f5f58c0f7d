package org.deepraster.tool.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.cli.ToolCommand;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.GeometryKind;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.ParameterValues;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** The declaration of Accuracy Assessment: values and parameters are each other's inverse; old names and messages. */
class AccuracyAssessmentSpecTest {
    private final AccuracyAssessmentSpec spec = new AccuracyAssessmentSpec();

    /** The option names the hand-written command had. */
    static final List<String> OLD_OPTIONS = List.of("--in_results", "--in-results", "--results", "--in_ground_truth",
            "--in-ground-truth", "--ground_truth", "--ground-truth", "--out_folder", "--out-folder", "--mode",
            "--class_field", "--class-field", "--ground_truth_class_field", "--ground-truth-class-field", "--iou_threshold",
            "--iou-threshold", "--confidence_threshold", "--confidence-threshold", "--confidence_field",
            "--confidence-field", "--confidence_score_field", "--matching", "--id_field", "--id-field",
            "--ground_truth_id_field", "--ground-truth-id-field", "--in_model_definition", "--in-model-definition",
            "--overwrite", "--help", "--version");

    private AccuracyAssessmentParameters parse(String... args) {
        return spec.parameters(ToolCommand.parse(spec, args));
    }

    private void assertRoundTrip(AccuracyAssessmentParameters p) {
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
        List<String> args = CommandLines.args(spec, spec.values(p));
        assertThat(args.get(0)).isEqualTo("accuracy-assessment");
        assertThat(parse(args.subList(1, args.size()).toArray(String[]::new))).isEqualTo(p);
    }

    @Test
    void theDefaultsGiveTheRecordBack() {
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.features(Path.of("c.gpkg"), null),
                List.of(AssessmentInput.features(Path.of("truth.gpkg"), "buildings")), Path.of("report"));
        assertRoundTrip(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsExactly("accuracy-assessment", "--in_results", "c.gpkg",
                "--in_ground_truth", "truth.gpkg|buildings", "--out_folder", "report");
    }

    @Test
    void everySettingChangedGivesTheRecordBack() {
        AccuracyAssessmentParameters p = new AccuracyAssessmentParameters(AssessmentInput.features(Path.of("d.gpkg"), "det"),
                List.of(AssessmentInput.features(Path.of("t.gpkg"), "trees"), AssessmentInput.features(Path.of("t.gpkg"), "cars")),
                AssessmentMode.DETECTIONS, "Label", "kind", "Score", 0.75, 40, ObjectMatching.GEOMETRY, "Src", "gid",
                "m.emd", Path.of("out"), true);
        assertRoundTrip(p);
        // several ground truths separated by ';' or repeated, as the old command took them
        AccuracyAssessmentParameters repeated = parse("--results", "d.gpkg|det", "--ground-truth", "t.gpkg|trees",
                "--in_ground_truth", "t.gpkg|cars", "--out-folder", "out", "--mode", "detections", "--class-field", "Label",
                "--ground-truth-class-field", "kind", "--confidence_score_field", "Score", "--iou-threshold", "0.75",
                "--confidence-threshold", "40", "--matching", "geometry", "--id-field", "Src", "--ground-truth-id-field",
                "gid", "--in-model-definition", "m.emd", "--overwrite");
        assertThat(repeated).isEqualTo(p);
    }

    @Test
    void mapLayersAreKeptAsObjects() {
        FeatureCollection layer = new FeatureCollection(new FeatureSchema("cars", GeometryKind.POLYGON, List.of(), null),
                List.of(), null, List.of());
        AccuracyAssessmentParameters p = AccuracyAssessmentParameters.of(AssessmentInput.layer(layer),
                List.of(AssessmentInput.features(Path.of("t.gpkg"), "cars"), AssessmentInput.layer(layer)), Path.of("out"));
        ParameterValues v = spec.values(p);
        assertThat(spec.parameters(v)).isEqualTo(p);
        assertThat(CommandLines.args(spec, v)).containsSequence("--in_results", "<cars>")
                .containsSequence("--in_ground_truth", "t.gpkg|cars;<cars>");
    }

    @Test
    void theHelpListsEveryOptionOfTheOldCommand() {
        String help = ToolCommand.commandLine(spec).getUsageMessage();
        for (String option : OLD_OPTIONS) {
            assertThat(help).as(option).contains(option);
        }
        assertThat(help).contains("Accuracy assessment: compares results with ground truth", "Exit codes: 0 done, 2 bad input.");
        assertThat(help).contains("(default 0.5)");
    }

    @Test
    void unknownChoicesGiveTheOldMessages() {
        assertThatThrownBy(() -> parse("--in_results", "a.gpkg", "--in_ground_truth", "b.gpkg", "--out_folder", "o",
                "--mode", "SOMETHING")).isInstanceOf(UserException.class)
                .hasMessageContaining("--mode 'SOMETHING' is not one of AUTO, OBJECTS, DETECTIONS, PIXELS, INSTANCES.");
        assertThatThrownBy(() -> parse("--in_results", "a.gpkg", "--in_ground_truth", "b.gpkg", "--out_folder", "o",
                "--matching", "NAME")).isInstanceOf(UserException.class)
                .hasMessageContaining("--matching 'NAME' is not one of AUTO, ID, GEOMETRY.");
    }
}
