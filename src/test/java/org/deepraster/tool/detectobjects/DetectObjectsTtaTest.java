package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.CallbackSink;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.sample.SampleScene;
import org.deepraster.tiling.TestTimeAugmentation;
import org.deepraster.tool.Scenes;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test-time augmentation through Detect Objects with the sample detector. */
class DetectObjectsTtaTest {
    static final int SIZE = 768;
    static final Path DETECTOR = Path.of("sample-models", "tree_car_detector.dlpk");

    @TempDir
    static Path dir;
    static SampleScene.Files3 scene;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        scene = Scenes.generate(dir.resolve("scene"), SIZE);
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        System.clearProperty(TestTimeAugmentation.VIEWS_PROPERTY);
    }

    static List<Feature> run(String out, String args, List<String> warnings) throws IOException {
        List<Feature> streamed = new ArrayList<>();
        DetectObjectsParameters p = DetectObjectsParameters.of(scene.scene(), DETECTOR.toString(), dir.resolve(out))
                .withArguments(ModelArguments.parse(args)).withNms(true, 0.3);
        DetectObjectsResult r = new DetectObjectsTool(engine).run(p, Progress.NONE,
                List.of(CallbackSink.of((List<Feature> batch) -> streamed.addAll(batch))));
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.report().failed()).isZero();
        warnings.addAll(r.warnings());
        return streamed;
    }

    static List<String> described(List<Feature> fs) {
        return fs.stream().map(f -> f.get("Class") + " " + f.get("Confidence") + " " + f.geometry().toText())
                .sorted(Comparator.naturalOrder()).toList();
    }

    @Test
    void identityOnlyAugmentationGivesTheSameDetections() throws IOException {
        List<Feature> plain = run("plain.gpkg", "", new ArrayList<>());
        List<String> warnings = new ArrayList<>();
        System.setProperty(TestTimeAugmentation.VIEWS_PROPERTY, "identity");
        List<Feature> one;
        try {
            one = run("one.gpkg", "test_time_augmentation True", warnings);
        } finally {
            System.clearProperty(TestTimeAugmentation.VIEWS_PROPERTY);
        }
        assertThat(warnings).anyMatch(w -> w.startsWith("Test-time augmentation: 1 views (identity) fused"));
        assertThat(plain).isNotEmpty();
        assertThat(described(one)).containsExactlyElementsOf(described(plain));
    }

    @Test
    void eightViewsAreFusedIntoAboutTheSameObjects() throws IOException {
        List<Feature> plain = run("p8.gpkg", "", new ArrayList<>());
        List<String> warnings = new ArrayList<>();
        List<Feature> tta = run("tta.gpkg", "test_time_augmentation True;batch_size 8", warnings);
        assertThat(warnings).anyMatch(w -> w.contains("8 views") && w.contains("weighted boxes fusion (IoU 0.55)")
                && w.contains("(1 tile(s) a batch)"));
        for (String cls : List.of("tree", "car")) {
            long a = plain.stream().filter(f -> cls.equals(f.get("Class"))).count();
            long b = tta.stream().filter(f -> cls.equals(f.get("Class"))).count();
            assertThat((double) b).as(cls).isBetween(0.8 * a, 1.2 * a);
        }
        assertThat(tta).allMatch(f -> (Double) f.get("Confidence") >= 35); // the model's threshold 0.35, applied after fusion
    }
}
