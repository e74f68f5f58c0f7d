package org.deepraster.tool.nms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.cli.ToolCommand;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.ToolConsole;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** The declaration of Non Maximum Suppression: values and parameters are each other's inverse; old names and messages. */
class NmsSpecTest {
    private final NmsSpec spec = new NmsSpec();

    /** The option names the hand-written command had. */
    static final List<String> OLD_OPTIONS = List.of("--in_featureclass", "--in-featureclass", "--in_feature_class",
            "--in-feature-class", "--confidence_score_field", "--confidence-score-field", "--out_featureclass",
            "--out-featureclass", "--out_feature_class", "--out-feature-class", "--class_value_field",
            "--class-value-field", "--max_overlap_ratio", "--max-overlap-ratio", "--overwrite", "--help", "--version");

    private NmsParameters parse(String... args) {
        return spec.parameters(ToolCommand.parse(spec, args));
    }

    private void assertRoundTrip(NmsParameters p) {
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
        List<String> args = CommandLines.args(spec, spec.values(p));
        assertThat(args.get(0)).isEqualTo("nms");
        assertThat(parse(args.subList(1, args.size()).toArray(String[]::new))).isEqualTo(p);
    }

    @Test
    void theDefaultsGiveTheRecordBack() {
        NmsParameters p = new NmsParameters(Path.of("d.shp"), null, "Confidence", Path.of("k.gpkg"), null, 0, false);
        assertRoundTrip(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsExactly("nms", "--in_featureclass", "d.shp",
                "--out_featureclass", "k.gpkg");
        assertThat(parse("--in-feature-class", "d.shp", "--out_feature_class", "k.gpkg")).isEqualTo(p);
    }

    @Test
    void everySettingChangedGivesTheRecordBack() {
        NmsParameters p = new NmsParameters(Path.of("d.gpkg"), "detections", "score", Path.of("k.geojson"), "Class", 0.3, true);
        assertRoundTrip(p);
        assertThat(parse("--in_featureclass", "d.gpkg|detections", "--confidence-score-field", "score", "--out-featureclass",
                "k.geojson", "--class-value-field", "Class", "--max-overlap-ratio", "0.3", "--overwrite")).isEqualTo(p);
    }

    @Test
    void theHelpListsEveryOptionOfTheOldCommand() {
        String help = ToolCommand.commandLine(spec).getUsageMessage();
        for (String option : OLD_OPTIONS) {
            assertThat(help).as(option).contains(option);
        }
        assertThat(help).contains("Non Maximum Suppression", "Exit codes: 0 done, 2 bad input.");
    }

    @Test
    void anOverlapOutOfRangeGivesTheOldMessage() {
        NmsParameters p = parse("--in_featureclass", "d.gpkg", "--out_featureclass", "k.gpkg", "--max_overlap_ratio", "1.5");
        StringWriter sink = new StringWriter();
        assertThatThrownBy(() -> spec.run(p, new ToolConsole(new PrintWriter(sink), new PrintWriter(sink), false,
                Progress.NONE))).isInstanceOf(UserException.class)
                .hasMessageContaining("max_overlap_ratio 1.5 is not between 0 and 1.");
        assertThatThrownBy(() -> parse("--in_featureclass", "d.gpkg", "--out_featureclass", "k.gpkg", "--max_overlap_ratio",
                "lots")).isInstanceOf(UserException.class).hasMessageContaining("--max_overlap_ratio 'lots' is not a number.");
    }
}
