package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.inference.InputNormalization;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raster of more than 8 bits given to a 0..255 model, and missing NormalizationStats, are warned about (issue 21). */
class EightBitInputWarningTest {
    @TempDir
    Path dir;

    private ModelDefinition json(String extra) {
        return ModelDefinitions.load("{\"Framework\": \"ONNX\", \"ModelFile\": \"" + Fixtures.jsonPath(Fixtures.onnx("seg_softmax"))
                + "\", \"ModelType\": \"ImageClassification\", \"ImageHeight\": 32, \"ImageWidth\": 32"
                + (extra.isEmpty() ? "" : ", " + extra) + "}");
    }

    private RasterSource raster(SampleType t) throws IOException {
        Path p = dir.resolve(t + ".tif");
        try (GeoTiffWriter w = GeoTiffWriter.create(p, GeoTiffWriter.Options.of(16, 16, 3, t).withTileSize(16))) {
            w.writeTile(0, 0, new float[16 * 16 * 3]);
        }
        return RasterFiles.open(p);
    }

    private List<String> warnings(ModelDefinition d, RasterSource r) {
        ModelArguments given = ModelArguments.parse("");
        List<String> w = new ArrayList<>();
        ModelSetup.normalization(d, 3, given, given.resolve(ArgumentSpecs.forDefinition(d)), w, List.of(r));
        return w;
    }

    static final String STATS_255 = "\"NormalizationStats\": {\"band_min_values\": [0, 0, 0], \"band_max_values\": [255, 255, 255]}";

    @Test
    void aSixteenBitOrFloatRasterToAZeroTo255ModelIsWarnedAbout() throws IOException {
        try (RasterSource u16 = raster(SampleType.UINT16); RasterSource f32 = raster(SampleType.FLOAT32);
             RasterSource u8 = raster(SampleType.UINT8)) {
            ModelDefinition stats = json(STATS_255);
            assertThat(warnings(stats, u16)).anySatisfy(w -> assertThat(w).contains("UINT16.tif holds 16-bit integer values")
                    .contains("expects 8-bit values 0..255").contains("band_max_values"));
            assertThat(warnings(json("\"DataRange\": [0, 1]"), f32)).anySatisfy(w -> assertThat(w)
                    .contains("32-bit float values (FLOAT32)").contains("DataRange"));
            assertThat(warnings(stats, u8)).noneSatisfy(w -> assertThat(w).contains("expects 8-bit"));
            // statistics of 16-bit data: no doubt
            ModelDefinition wide = json("\"NormalizationStats\": {\"band_min_values\": [0, 0, 0], \"band_max_values\": [4095, 4095, 4095]}");
            assertThat(warnings(wide, u16)).noneSatisfy(w -> assertThat(w).contains("expects 8-bit"));
            // raw values, no statement on the range: no doubt
            assertThat(warnings(json(""), u16)).noneSatisfy(w -> assertThat(w).contains("expects 8-bit"));
        }
    }

    @Test
    void anArcgisLearnModelWithoutNormalizationStatsIsWarnedAbout() {
        assertThat(InputNormalization.doubts(json("\"ModelName\": \"UnetClassifier\""))).singleElement().asString()
                .contains("arcgis.learn model (ModelName UnetClassifier) without NormalizationStats").contains("raw");
        assertThat(InputNormalization.doubts(json("\"ModelName\": \"UnetClassifier\", " + STATS_255))).isEmpty();
        assertThat(InputNormalization.doubts(json(""))).isEmpty();
    }
}
