package org.deepraster.tool.classifyobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Ultralytics classification export (task classify, {@code [1, C]} probabilities; fixture yolo_cls of
 * make_yolo_models.py: softmax(2 m0, 1, 0)) classifies an image with the class names of its metadata.
 */
class ClassifyObjectsYoloTest {
    @TempDir
    Path dir;

    @Test
    void classificationHeadsRunWithTheNamesOfTheirMetadata() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        float[] s = new float[3 * 32 * 32];
        Arrays.fill(s, 0, 32 * 32, 255); // m0 = 1 after /255
        try (GeoTiffWriter out = GeoTiffWriter.create(images.resolve("a.tif"), GeoTiffWriter.Options.of(32, 32, 3,
                SampleType.UINT8).georeferenced(new AffineTransform(1, 0, 0, -1, 500_000, 6_000_000), Crs.forEpsg(32633)))) {
            out.writeRows(s, 32);
        }
        Path out = dir.resolve("cls.gpkg");
        ClassifyObjectsParameters p = new ClassifyObjectsParameters(List.of(images),
                Path.of("src", "test", "resources", "onnx", "yolo_cls.onnx").toString(), null, out, null, null, null, null,
                false, false);
        try (InferenceEngine engine = new InferenceEngine()) {
            new ClassifyObjectsTool(engine).run(p, Progress.NONE, List.of());
        }
        List<Feature> rows = VectorFiles.open(out).get(0).features();
        assertThat(rows).hasSize(1);
        double[] e = {Math.exp(2), Math.exp(1), 1};
        assertThat(rows.get(0).get("ClassLabel")).isEqualTo("field");
        assertThat(((Number) rows.get(0).get("Confidence")).doubleValue())
                .isCloseTo(100 * e[0] / (e[0] + e[1] + e[2]), within(0.01));
    }
}
