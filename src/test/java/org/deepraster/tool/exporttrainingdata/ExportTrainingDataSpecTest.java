package org.deepraster.tool.exporttrainingdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.cli.ToolCommand;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.GeometryKind;
import org.deepraster.geo.Crs;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.CropMode;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ReferenceSystem;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/** The declaration of Export Training Data: values and parameters are each other's inverse; old names and messages. */
class ExportTrainingDataSpecTest {
    private final ExportTrainingDataSpec spec = new ExportTrainingDataSpec();

    /** The option names the hand-written command had. */
    static final List<String> OLD_OPTIONS = List.of("--in_raster", "--in-raster", "--out_folder", "--out-folder",
            "--in_class_data", "--in-class-data", "--image_chip_format", "--image-chip-format", "--tile_size_x",
            "--tile-size-x", "--tile_size_y", "--tile-size-y", "--stride_x", "--stride-x", "--stride_y", "--stride-y",
            "--output_nofeature_tiles", "--output-nofeature-tiles", "--metadata_format", "--metadata-format",
            "--class_value_field", "--class-value-field", "--buffer_radius", "--buffer-radius", "--in_mask_polygons",
            "--in-mask-polygons", "--rotation_angle", "--rotation-angle", "--reference_system", "--reference-system",
            "--blacken_around_feature", "--blacken-around-feature", "--crop_mode", "--crop-mode",
            "--min_polygon_overlap_ratio", "--min-polygon-overlap-ratio", "--processing_extent", "--processing-extent",
            "--extent", "--mask", "--output_crs", "--output-crs", "--out_coor_system", "--processor_type",
            "--processor-type", "--gpu_id", "--gpu-id", "--parallel_processing_factor", "--parallel-processing-factor",
            "--retries", "--overwrite", "--help", "--version");

    private ExportTrainingDataParameters parse(String... args) throws Exception {
        return spec.parameters(ToolCommand.parse(spec, args));
    }

    /** Through the values and through the command line they give. */
    private void assertRoundTrip(ExportTrainingDataParameters p) throws Exception {
        ParameterValues v = spec.values(p);
        assertThat(spec.parameters(v)).isEqualTo(p);
        List<String> args = CommandLines.args(spec, v);
        assertThat(args.get(0)).isEqualTo("export-training-data");
        assertThat(parse(args.subList(1, args.size()).toArray(String[]::new))).isEqualTo(p);
    }

    @Test
    void theDefaultsGiveTheRecordBack() throws Exception {
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(Path.of("a b.tif"), Path.of("chips"),
                ClassData.features(new FeatureInput.File(Path.of("l.gpkg"), "trees")));
        assertRoundTrip(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsExactly("export-training-data", "--in_raster", "a b.tif",
                "--out_folder", "chips", "--in_class_data", "l.gpkg|trees");
        assertThat(parse("--in_raster", "a b.tif", "--out_folder", "chips", "--in_class_data", "l.gpkg|trees")).isEqualTo(p);
    }

    @Test
    void everySettingChangedGivesTheRecordBack() throws Exception {
        Environments env = new Environments(new ProcessingExtent.Box(new Envelope(500_000, 500_300.5, 5_000_000, 5_000_300),
                Crs.forEpsg(32633)), Crs.forEpsg(4326), Environments.Processor.GPU, 1, 3, 0);
        ExportTrainingDataParameters p = new ExportTrainingDataParameters(Path.of("r.tif"), Path.of("out"),
                new ClassData.Features(List.of(new FeatureInput.File(Path.of("a.gpkg"), "x"),
                        new FeatureInput.File(Path.of("b.shp"), null))), ChipFormat.JPEG, 128, 96, 64, 48, true,
                MetadataFormat.Labeled_Tiles, "kind", 2.5, new FeatureInput.File(Path.of("m.gpkg"), "aoi"), 45,
                ReferenceSystem.PIXEL_SPACE, true, CropMode.BOUNDING_BOX, 0.3, env, true);
        assertRoundTrip(p);
        // the classes repeated, as the old command took them
        assertThat(parse("--in_raster", "r.tif", "--out_folder", "out", "--in_class_data", "a.gpkg|x", "--in-class-data",
                "b.shp").inClassData()).isEqualTo(p.inClassData());
    }

    @Test
    void mapLayersAreKeptAsObjectsAndNamedByTheirFiles() throws Exception {
        FeatureSchema schema = new FeatureSchema("trees", GeometryKind.POLYGON, List.of(), Crs.forEpsg(32633));
        FeatureCollection trees = new FeatureCollection(schema, List.of(new Feature(1,
                new GeometryFactory().toGeometry(new Envelope(0, 1, 0, 1)), Map.of())), Path.of("truth.gpkg"), List.of());
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(Path.of("r.tif"), Path.of("out"),
                ClassData.features(new FeatureInput.Layer(trees))).withMask(new FeatureInput.Layer(trees));
        ParameterValues v = spec.values(p);
        assertThat(spec.parameters(v)).isEqualTo(p);
        assertThat(CommandLines.args(spec, v)).containsSequence("--in_class_data", "truth.gpkg|trees")
                .containsSequence("--in_mask_polygons", "truth.gpkg|trees");
    }

    @Test
    void theHelpListsEveryOptionOfTheOldCommand() {
        String help = ToolCommand.commandLine(spec).getUsageMessage();
        for (String option : OLD_OPTIONS) {
            assertThat(help).as(option).contains(option);
        }
        assertThat(help).contains("Export Training Data For Deep Learning", "Exit codes: 0 done, 1 some chips failed");
    }

    @Test
    void badValuesGiveTheOldMessages() {
        String[] base = {"--in_raster", "r.tif", "--out_folder", "out"};
        assertThatThrownBy(() -> parse(with(base, "--image_chip_format", "BMP"))).isInstanceOf(UserException.class)
                .hasMessageContaining("Unknown --image_chip_format 'BMP'.");
        assertThatThrownBy(() -> parse(with(base, "--metadata_format", "NOPE")))
                .hasMessageContaining("Unknown metadata format 'NOPE'.");
        assertThatThrownBy(() -> parse(with(base, "--output_nofeature_tiles", "SOME")))
                .hasMessageContaining("Unknown --output_nofeature_tiles 'SOME'.");
        assertThatThrownBy(() -> parse(with(base, "--reference_system", "GRID")))
                .hasMessageContaining("Unknown --reference_system 'GRID'.");
        assertThatThrownBy(() -> parse(with(base, "--blacken_around_feature", "GREY")))
                .hasMessageContaining("Unknown --blacken_around_feature 'GREY'.");
        assertThatThrownBy(() -> parse(with(base, "--crop_mode", "TIGHT"))).hasMessageContaining("Unknown --crop_mode 'TIGHT'.");
        assertThatThrownBy(() -> parse(with(base, "--parallel_processing_factor", "many")))
                .hasMessageContaining("--parallel_processing_factor 'many' is not a number of threads or a percentage.");
        // ranges are declared, checked before any file is read, and said in the help
        assertThatThrownBy(() -> run(with(base, "--metadata_format", "Export_Tiles", "--tile_size_x", "0")))
                .isInstanceOf(UserException.class).hasMessageContaining("--tile_size_x '0' is out of range.")
                .satisfies(e -> assertThat(((UserException) e).hint()).isEqualTo("From 1 to 8192."));
        assertThatThrownBy(() -> run(with(base, "--metadata_format", "Export_Tiles", "--rotation_angle", "400")))
                .hasMessageContaining("--rotation_angle '400' is out of range.");
        assertThatThrownBy(() -> run(with(base, "--metadata_format", "Export_Tiles", "--min_polygon_overlap_ratio", "1.5")))
                .hasMessageContaining("--min_polygon_overlap_ratio '1.5' is out of range.");
        assertThat(org.deepraster.cli.ToolCommand.commandLine(new ExportTrainingDataSpec()).getUsageMessage())
                .contains("Chip width. From 1 to 8192. (default 256)");
    }

    @Test
    void chipFormatsAndSwitchesTakeTheOldSpellings() throws Exception {
        String[] base = {"--in_raster", "r.tif", "--out_folder", "out"};
        assertThat(parse(with(base, "--image_chip_format", "jpg")).imageChipFormat()).isEqualTo(ChipFormat.JPEG);
        assertThat(parse(with(base, "--output_nofeature_tiles", "yes")).outputNofeatureTiles()).isTrue();
        assertThat(parse(with(base, "--metadata-format", "pascal-voc-rectangles")).metadataFormat())
                .isEqualTo(MetadataFormat.PASCAL_VOC_rectangles);
    }

    private int run(String... args) throws Exception {
        StringWriter sink = new StringWriter();
        return spec.run(parse(args), new ToolConsole(new PrintWriter(sink), new PrintWriter(sink), false, Progress.NONE));
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
