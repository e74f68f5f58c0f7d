package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.cli.ToolCommand;
import org.deepraster.geo.Crs;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.Environments;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters.VectorOutput;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** {@link ClassifyPixelsSpec}: values and parameters are each other's inverse; the old command's names and messages. */
class ClassifyPixelsSpecTest {
    private final ClassifyPixelsSpec spec = new ClassifyPixelsSpec();

    /** Through the values, and through the command line those values give, back to the same record. */
    private void roundTrips(ClassifyPixelsParameters p) throws Exception {
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
        assertThat(parse(CommandLines.args(spec, spec.values(p)))).isEqualTo(p);
    }

    private ClassifyPixelsParameters parse(List<String> args) throws Exception {
        assertThat(args.get(0)).isEqualTo("classify-pixels");
        return spec.parameters(ToolCommand.parse(spec, args.subList(1, args.size()).toArray(String[]::new)));
    }

    private ClassifyPixelsParameters parse(String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("classify-pixels", "--in_raster", "r.tif",
                "--in_model_definition", "m.dlpk", "--out_classified_raster", "o.tif"));
        args.addAll(List.of(options));
        return parse(args);
    }

    @Test
    void defaultsRoundTrip() throws Exception {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(Path.of("a b.tif"), "m.dlpk", Path.of("o.tif"));
        roundTrips(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsExactly("classify-pixels", "--in_raster", "a b.tif",
                "--in_model_definition", "m.dlpk", "--out_classified_raster", "o.tif");
    }

    @Test
    void everySettingChangedRoundTrips() throws Exception {
        Environments env = new Environments(new ProcessingExtent.Box(new Envelope(500_000, 500_300.5, 5_000_000, 5_000_300),
                Crs.forEpsg(32633)), Crs.forEpsg(4326), Environments.Processor.GPU, 1, 3, 0);
        ClassifyPixelsParameters p = new ClassifyPixelsParameters(Path.of("r.tif"), "m.emd", Path.of("o.tif"),
                ModelArguments.parse("padding 32;batch_size 2;blend_tiles True"), Path.of("o_confidence.tif"),
                new VectorOutput(Path.of("p.gpkg"), 12.5, 0.75, List.of("building", "road")), env, true, true);
        roundTrips(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsSequence("--regularize_classes", "building,road");
        roundTrips(p.withVectorOutput(new VectorOutput(Path.of("p.gpkg"), 0, 0, List.of())));
    }

    @Test
    void modelCellSizeAndResultGrid() throws Exception {
        ClassifyPixelsParameters base = ClassifyPixelsParameters.of(Path.of("r.tif"), "m.dlpk", Path.of("o.tif"));
        for (ClassifyPixelsParameters.ModelCells m : ClassifyPixelsParameters.ModelCells.values()) {
            roundTrips(base.withModelCells(m));
        }
        assertThat(parse("--resample-to-model-cell-size").modelCells()).isEqualTo(ClassifyPixelsParameters.ModelCells.INPUT_GRID);
        assertThat(parse("--resample_to_model_cell_size", "--result_grid", "MODEL_CELL_SIZE").modelCells())
                .isEqualTo(ClassifyPixelsParameters.ModelCells.MODEL_CELL_SIZE);
        assertThat(parse().modelCells()).isEqualTo(ClassifyPixelsParameters.ModelCells.OFF);
        assertThatThrownBy(() -> parse("--result_grid", "MODEL_CELL_SIZE")).isInstanceOf(UserException.class)
                .hasMessageContaining("needs --resample_to_model_cell_size");
    }

    @Test
    void classesAreSplitAtCommasOrRepeated() throws Exception {
        ClassifyPixelsParameters p = parse("--out-feature-class", "p.gpkg", "--regularize-classes", "Building,Road",
                "--regularize_classes", "Water", "--min-area", "2", "--simplify-tolerance", "0.5");
        assertThat(p.vectorOutput()).isEqualTo(new VectorOutput(Path.of("p.gpkg"), 2, 0.5,
                List.of("Building", "Road", "Water")));
    }

    @Test
    void helpListsEveryOptionOfTheOldCommand() {
        String help = ToolCommand.commandLine(spec).getUsageMessage();
        assertThat(help).contains("--in_raster", "--in-raster", "--in_model_definition", "--in-model-definition",
                "--out_classified_raster", "--out-classified-raster", "--arguments", "--model_arguments",
                "--model-arguments", "--out_confidence_raster", "--out-confidence-raster", "--out_feature_class",
                "--out-feature-class", "--min_area", "--min-area", "--simplify_tolerance", "--simplify-tolerance",
                "--regularize_classes", "--regularize-classes", "--processing_extent", "--processing-extent", "--extent",
                "--mask", "--output_crs", "--output-crs", "--out_coor_system", "--processor_type", "--processor-type",
                "--gpu_id", "--gpu-id", "--parallel_processing_factor", "--parallel-processing-factor", "--retries",
                "--overwrite", "--resume", "130", "CLASS[,CLASS...]");
    }

    @Test
    void badPolygonSettingsGiveTheOldMessages() {
        assertThatThrownBy(() -> parse("--min_area", "5"))
                .isInstanceOfSatisfying(UserException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "--min_area, --simplify_tolerance and --regularize_classes need --out_feature_class.");
                    assertThat(e.hint()).isEqualTo("Give --out_feature_class POLYGONS.gpkg, or leave them out.");
                });
        assertThatThrownBy(() -> parse("--regularize_classes", "Building"))
                .isInstanceOf(UserException.class).hasMessageContaining("need --out_feature_class");
        assertThatThrownBy(() -> parse("--out_feature_class", "p.gpkg", "--simplify_tolerance", "-1"))
                .isInstanceOf(UserException.class)
                .hasMessage("--min_area and --simplify_tolerance must be 0 or more.");
        assertThatThrownBy(() -> parse("--out_feature_class", "p.gpkg", "--min_area", "big"))
                .isInstanceOf(UserException.class).hasMessage("--min_area 'big' is not a number.");
    }
}
