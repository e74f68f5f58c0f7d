package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.VectorFiles;
import org.deepraster.inference.Decoders;
import org.deepraster.inference.DetectionDecoder;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.inference.ModelSession;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.sample.SampleScene;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * The sample Mask R-CNN package (Esri's MaskRCNN .emd, torchvision's boxes / labels / scores / masks outputs) runs
 * in Detect Objects through the instance path: one polygon per building from its mask, not its box.
 */
class DetectObjectsMaskRcnnTest {
    static final Path MODEL = Path.of("sample-models", "building_instances.dlpk").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theSampleMaskRcnnWritesInstancePolygons() throws Exception {
        ModelDefinition d = ModelDefinitions.load(MODEL.toString());
        try (InferenceEngine engine = new InferenceEngine()) {
            ModelSession session = engine.session(d.modelFile());
            DetectionDecoder dec = (DetectionDecoder) Decoders.select(d, session.signature());
            assertThat(dec.layout()).isEqualTo(DetectionDecoder.Layout.MASK_RCNN);
            assertThat(dec.describe()).contains("torchvision Mask R-CNN");

            SampleScene.Files3 scene = new SampleScene(512, 404, SampleScene.Flavour.INSTANCES).write(dir.resolve("scene"));
            DetectObjectsParameters p = DetectObjectsParameters.of(scene.scene(), MODEL.toString(), dir.resolve("b.gpkg"))
                    .withArguments(ModelArguments.parse("padding 64;threshold 0.3"));
            DetectObjectsResult r = new DetectObjectsTool(engine).run(p, Progress.NONE, List.of());
            List<Feature> fs = VectorFiles.open(r.output()).get(0).features();
            assertThat(fs).isNotEmpty();
            int notBoxes = 0;
            for (Feature f : fs) {
                Geometry g = f.geometry();
                assertThat(g).isInstanceOf(Polygon.class);
                assertThat(g.isValid()).isTrue();
                if (Math.abs(g.getArea() - g.getEnvelopeInternal().getArea()) > 1e-6 * g.getEnvelopeInternal().getArea()) {
                    notBoxes++;
                }
                assertThat(f.get("Class")).isEqualTo("building");
            }
            assertThat(notBoxes).as("outlines from the masks, not boxes").isGreaterThan(fs.size() / 2);
        }
    }
}
