package org.deepraster.tool.classifyobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.cli.ToolCommand;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.GeometryKind;
import org.deepraster.geo.Crs;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.Environments;
import org.deepraster.tool.FeatureInput;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.ProcessingMode;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** {@link ClassifyObjectsSpec}: values and parameters are each other's inverse; the old command's names and messages. */
class ClassifyObjectsSpecTest {
    private final ClassifyObjectsSpec spec = new ClassifyObjectsSpec();

    /** Through the values, and through the command line those values give, back to the same record. */
    private void roundTrips(ClassifyObjectsParameters p) throws Exception {
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
        List<String> args = CommandLines.args(spec, spec.values(p));
        assertThat(args.get(0)).isEqualTo("classify-objects");
        assertThat(spec.parameters(ToolCommand.parse(spec, args.subList(1, args.size()).toArray(String[]::new))))
                .isEqualTo(p);
    }

    @Test
    void defaultsRoundTrip() throws Exception {
        ClassifyObjectsParameters p = ClassifyObjectsParameters.of(Path.of("a b.tif"), "m.dlpk", null, Path.of("o.gpkg"));
        roundTrips(p);
        assertThat(CommandLines.args(spec, spec.values(p))).containsExactly("classify-objects", "--in_raster", "a b.tif",
                "--in_model_definition", "m.dlpk", "--out_feature_class", "o.gpkg");
    }

    @Test
    void everySettingChangedRoundTrips() throws Exception {
        Environments env = new Environments(new ProcessingExtent.Box(new Envelope(500_000, 500_300.5, 5_000_000, 5_000_300),
                Crs.forEpsg(32633)), Crs.forEpsg(4326), Environments.Processor.GPU, 1, 3, 0);
        ClassifyObjectsParameters p = new ClassifyObjectsParameters(List.of(Path.of("a.tif"), Path.of("dir/b.tif")),
                "m.emd", new FeatureInput.File(Path.of("f.gpkg"), "buildings"), Path.of("o.csv"), "Predicted",
                ProcessingMode.PROCESS_ITEMS_SEPARATELY, ModelArguments.parse("batch_size 8;score_threshold 0"), env,
                true, true);
        roundTrips(p);
        roundTrips(p.withFeatures(new FeatureInput.File(Path.of("f.shp"), null)));
    }

    @Test
    void aMapLayerIsSetAsAnObject() throws Exception {
        FeatureInput layer = new FeatureInput.Layer(new FeatureCollection(
                new FeatureSchema("objects", GeometryKind.POLYGON, List.of(), null), List.of(), null, List.of()));
        ClassifyObjectsParameters p = ClassifyObjectsParameters.of(Path.of("a.tif"), "m.dlpk", layer, Path.of("o.gpkg"));
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
    }

    @Test
    void theLayerOptionAndTheBarNameTheTable() throws Exception {
        ClassifyObjectsParameters p = spec.parameters(ToolCommand.parse(spec, "--in-raster", "a.tif;b.tif", "--in_raster",
                "c.tif", "--in_model_definition", "m", "--out_feature_class", "o", "--in_features", "f.gpkg", "--layer",
                "roofs", "--arguments", "batch_size 2"));
        assertThat(p.inRaster()).containsExactly(Path.of("a.tif"), Path.of("b.tif"), Path.of("c.tif"));
        assertThat(p.inFeatures()).isEqualTo(new FeatureInput.File(Path.of("f.gpkg"), "roofs"));
        assertThat(p.modelArguments()).isEqualTo(ModelArguments.parse("batch_size 2"));
        assertThat(spec.parameters(ToolCommand.parse(spec, "--in_raster", "a.tif", "--in_model_definition", "m",
                "--out_feature_class", "o", "--in_features", "f.gpkg|walls", "--in-features-layer", "roofs")).inFeatures())
                .isEqualTo(new FeatureInput.File(Path.of("f.gpkg"), "walls"));
    }

    @Test
    void helpListsEveryOptionOfTheOldCommand() {
        String help = ToolCommand.commandLine(spec).getUsageMessage();
        assertThat(help).contains("--in_raster", "--in-raster", "--in_model_definition", "--in-model-definition",
                "--in_features", "--in-features", "--in_features_layer", "--in-features-layer", "--layer",
                "--out_feature_class", "--out-feature-class", "--class_label_field", "--class-label-field",
                "--processing_mode", "--processing-mode", "--model_arguments", "--model-arguments", "--arguments",
                "--processing_extent", "--processing-extent", "--extent", "--mask", "--output_crs", "--output-crs",
                "--out_coor_system", "--processor_type", "--processor-type", "--gpu_id", "--gpu-id",
                "--parallel_processing_factor", "--parallel-processing-factor", "--retries", "--overwrite", "--resume",
                "130", "RASTER[;RASTER...]");
    }

    @Test
    void anUnknownProcessingModeGivesTheOldMessage() {
        assertThatThrownBy(() -> spec.parameters(ToolCommand.parse(spec, "--in_raster", "a.tif", "--in_model_definition",
                "m", "--out_feature_class", "o", "--processing_mode", "BOTH")))
                .isInstanceOfSatisfying(UserException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Unknown processing mode 'BOTH'.");
                    assertThat(e.hint()).isEqualTo("Use PROCESS_AS_MOSAICKED_IMAGE or PROCESS_ITEMS_SEPARATELY.");
                });
        assertThatThrownBy(() -> spec.parameters(spec.newValues().set(ClassifyObjectsSpec.MODEL, "m")
                .set(ClassifyObjectsSpec.OUTPUT, "o")))
                .isInstanceOf(UserException.class).hasMessageContaining("--in_raster").hasMessageContaining("required");
    }
}
