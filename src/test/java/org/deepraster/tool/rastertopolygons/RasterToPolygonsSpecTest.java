package org.deepraster.tool.rastertopolygons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.cli.ToolCommand;
import org.deepraster.tool.CommandLines;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** The declaration of Raster to Polygons: values and parameters are each other's inverse; old names and messages. */
class RasterToPolygonsSpecTest {
    private final RasterToPolygonsSpec spec = new RasterToPolygonsSpec();

    /** The option names the hand-written command had. */
    static final List<String> OLD_OPTIONS = List.of("--in_raster", "--in-raster", "--out_polygon_features",
            "--out-polygon-features", "--band", "--classes", "--class_names", "--class-names", "--minimum_area",
            "--minimum-area", "--simplify_tolerance", "--simplify-tolerance", "--regularize_classes",
            "--regularize-classes", "--regularize_tolerance", "--regularize-tolerance", "--overwrite", "--help", "--version");

    private RasterToPolygonsParameters parse(String... args) {
        return spec.parameters(ToolCommand.parse(spec, args));
    }

    private void assertRoundTrip(RasterToPolygonsParameters p) {
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
        List<String> args = CommandLines.args(spec, spec.values(p));
        assertThat(args.get(0)).isEqualTo("raster-to-polygons");
        assertThat(parse(args.subList(1, args.size()).toArray(String[]::new))).isEqualTo(p);
    }

    @Test
    void theDefaultsGiveTheRecordBack() {
        RasterToPolygonsParameters p = RasterToPolygonsParameters.of(Path.of("classes.tif"), Path.of("polygons.gpkg"));
        assertRoundTrip(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsExactly("raster-to-polygons", "--in_raster",
                "classes.tif", "--out_polygon_features", "polygons.gpkg");
        assertThat(p.options().classes()).isNull();
    }

    @Test
    void everySettingChangedGivesTheRecordBack() {
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(2, "Roof");
        names.put(6, "Dot");
        RasterToPolygonsParameters p = new RasterToPolygonsParameters(Path.of("c.tif"), Path.of("p.geojson"), 2,
                Set.of(6, 2, 3), names, 5, 0.5, Set.of(2), 1.25, true);
        assertRoundTrip(p);
        // the old spellings: comma-separated or repeated values, kebab case, spaces around the names
        assertThat(parse("--in-raster", "c.tif", "--out-polygon-features", "p.geojson", "--band", "2", "--classes", "6,2",
                "--classes", "3", "--class-names", "2:Roof; 6: Dot", "--minimum-area", "5", "--simplify-tolerance", "0.5",
                "--regularize-classes", "2", "--regularize-tolerance", "1.25", "--overwrite")).isEqualTo(p);
    }

    @Test
    void theHelpListsEveryOptionOfTheOldCommand() {
        String help = ToolCommand.commandLine(spec).getUsageMessage();
        for (String option : OLD_OPTIONS) {
            assertThat(help).as(option).contains(option);
        }
        assertThat(help).contains("Turns a classified raster into polygons", "Exit codes: 0 done, 2 bad input.");
    }

    @Test
    void badValuesGiveTheOldMessages() {
        String[] base = {"--in_raster", "c.tif", "--out_polygon_features", "p.gpkg"};
        assertThatThrownBy(() -> parse(with(base, "--minimum_area", "-1"))).isInstanceOf(UserException.class)
                .hasMessageContaining("The minimum area and the tolerances cannot be negative.");
        assertThatThrownBy(() -> parse(with(base, "--regularize_tolerance", "-0.5")))
                .hasMessageContaining("The minimum area and the tolerances cannot be negative.");
        assertThatThrownBy(() -> parse(with(base, "--class_names", "x"))).isInstanceOf(UserException.class)
                .hasMessageContaining("Cannot read the class name 'x'.");
        assertThatThrownBy(() -> parse(with(base, "--classes", "1,two"))).isInstanceOf(UserException.class)
                .hasMessageContaining("--classes 'two' is not a whole number.");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
