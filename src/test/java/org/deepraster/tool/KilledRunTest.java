package org.deepraster.tool;

import org.deepraster.tool.classifyobjects.ClassifyObjectsParameters;
import org.deepraster.tool.classifyobjects.ClassifyObjectsResult;
import org.deepraster.tool.classifyobjects.ClassifyObjectsTool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelArguments;
import org.deepraster.sample.SampleScene;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * A run killed with SIGKILL in the middle (the command line in a child JVM) leaves a GeoPackage that
 * opens and holds whole batches only; a resumed run completes it without duplicates.
 */
class KilledRunTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRunLeavesAReadableGeoPackageThatResumes() throws Exception {
        SampleScene.Files3 scene = Scenes.generate(dir.resolve("scene"), 1024);
        FeatureCollection b = VectorFiles.open(scene.groundTruth()).stream()
                .filter(c -> c.schema().name().equals("buildings")).findFirst().orElseThrow();
        // many objects so that the run lasts a few seconds: jittered copies of the footprints
        Path many = dir.resolve("many.gpkg");
        int n = 4000;
        try (FeatureWriter w = FeatureWriters.create(many, new FeatureSchema("many", b.schema().geometryKind(),
                b.schema().fields(), b.schema().crs()), WriteMode.CREATE)) {
            List<Feature> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Feature f = b.features().get(i % b.size());
                double d = (i / b.size()) * 0.01;
                fs.add(new Feature(i + 1, AffineTransformation.translationInstance(d, d).transform(f.geometry()), f.attributes()));
            }
            w.write(fs);
        }
        Path out = dir.resolve("killed.gpkg");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "org.deepraster.Main", "classify-objects", "--in_raster", scene.scene().toString(),
                "--in_model_definition", Scenes.CLASSIFIER.toString(), "--in_features", many.toString(),
                "--out_feature_class", out.toString(), "--model_arguments", "batch_size 2",
                "--parallel_processing_factor", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int seen = 0;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(out)) {
                try {
                    seen = VectorFiles.open(out).stream().mapToInt(FeatureCollection::size).sum();
                } catch (IOException | RuntimeException busy) {
                    seen = 0;
                }
                if (seen >= 20) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the child is still running when killed; log: %s",
                Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "").isTrue();
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        List<Feature> partial = VectorFiles.open(out).get(0).features();
        assertThat(partial.size()).isBetween(20, n - 1);
        assertThat(partial.size() % 2).as("whole batches of 2 only").isZero();
        assertThat(partial).allSatisfy(f -> assertThat(f.get("ClassLabel")).isIn("damaged", "undamaged"));

        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyObjectsParameters params = ClassifyObjectsParameters.of(scene.scene(), Scenes.CLASSIFIER.toString(),
                    FeatureInput.file(many), out).withModelArguments(ModelArguments.parse("batch_size 16"))
                    .withOutput(out, false, true);
            ClassifyObjectsResult r = new ClassifyObjectsTool(engine).run(params, Progress.NONE, List.of());
            assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
            assertThat(r.report().progress().resumed()).isEqualTo(partial.size());
        }
        List<Feature> all = VectorFiles.open(out).get(0).features();
        Set<Long> ids = new HashSet<>();
        for (Feature f : all) {
            ids.add(((Number) f.get(ClassifyObjectsTool.SOURCE_ID_FIELD)).longValue());
        }
        assertThat(all).hasSize(n);
        assertThat(ids).hasSize(n);
    }
}
