package org.deepraster.tool.selfsupervised;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.sample.RiverScenes;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool on generated river images with the committed sample CNN: the reports' numbers equal a recomputation from
 * the written rasters (classified, tiles, labels); an image without labels gets a georeferenced classified GeoTIFF
 * and no reports; the same seed gives the same result.
 */
class SelfSupervisedToolTest {
    static final String MODEL = "sample-models/river_tile_classifier.dlpk";
    static final int[] VALUES = {1, 2, 3, 4, 5};

    @TempDir
    static Path dir;
    static InferenceEngine engine;
    static SelfSupervisedResult result;
    static Path images;
    static Path out;

    @BeforeAll
    static void run() throws IOException {
        engine = new InferenceEngine();
        images = dir.resolve("images");
        RiverScenes.write(images, "t", 909, 3, 320, 260);
        Files.delete(images.resolve("SCLS_t03.tif")); // t03 has no labels
        Files.delete(images.resolve("SCLS_t03.tif.aux.xml"));
        out = dir.resolve("out");
        SelfSupervisedParameters p = SelfSupervisedParameters.of(List.of(images), MODEL, out)
                .withTiles(50, 0.9).withSampling(3000, 5).withOutput(true, false);
        SelfSupervisedTool.Plan plan = new SelfSupervisedTool(engine).plan(p);
        assertThat(plan.labelled()).isEqualTo(2);
        result = plan.run(Progress.NONE, line -> { });
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static int[] read(Path tif) throws IOException {
        try (RasterSource r = RasterFiles.open(tif)) {
            RasterWindow w = r.read(new Rectangle(0, 0, r.width(), r.height()), new int[] {0});
            int[] v = new int[w.width() * w.height()];
            for (int i = 0; i < v.length; i++) {
                v[i] = w.isValid(i % w.width(), i / w.width()) ? (int) w.samples()[i] : -1;
            }
            return v;
        }
    }

    static int index(int value) {
        for (int i = 0; i < VALUES.length; i++) {
            if (VALUES[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The CSV's rows as fields, header left out. */
    static List<String[]> csv(Path f) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(f);
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    static void assertCsvMatches(Path csvFile, int[] labels, int[] predicted) throws IOException {
        long[][] m = new long[5][5];
        for (int i = 0; i < labels.length; i++) {
            int l = index(labels[i]);
            if (l >= 0) {
                m[l][index(predicted[i])]++;
            }
        }
        List<String[]> rows = csv(csvFile);
        assertThat(rows).hasSize(6);
        double weighted = 0;
        long all = 0;
        for (int c = 0; c < 5; c++) {
            long tp = m[c][c];
            long support = 0;
            long predictedC = 0;
            for (int k = 0; k < 5; k++) {
                support += m[c][k];
                predictedC += m[k][c];
            }
            String[] r = rows.get(c);
            assertThat(Integer.parseInt(r[0])).isEqualTo(VALUES[c]);
            assertThat(Long.parseLong(r[5])).as("support of %s", r[1]).isEqualTo(support);
            if (predictedC > 0) {
                assertThat(Double.parseDouble(r[2])).isCloseTo((double) tp / predictedC, within(1e-6));
            } else {
                assertThat(r[2]).isEmpty();
            }
            if (support > 0) {
                assertThat(Double.parseDouble(r[3])).isCloseTo((double) tp / support, within(1e-6));
                double f1 = 2.0 * tp / (support + predictedC);
                assertThat(Double.parseDouble(r[4])).isCloseTo(f1, within(1e-6));
                weighted += support * f1;
                all += support;
            }
        }
        String[] last = rows.get(5);
        assertThat(last[1]).isEqualTo("weighted");
        assertThat(Double.parseDouble(last[4])).isCloseTo(weighted / all, within(1e-6));
        assertThat(Long.parseLong(last[5])).isEqualTo(all);
    }

    @Test
    void reportsEqualARecomputationFromTheRasters() throws IOException {
        for (String name : List.of("t01", "t02")) {
            int[] labels = read(images.resolve("SCLS_" + name + ".tif"));
            int[] classified = read(out.resolve(name + "_classified.tif"));
            int[] tiles = read(out.resolve(name + "_tiles.tif"));
            int w = 320;
            int tilesAcross = (w + 49) / 50;
            int[] cnn = new int[labels.length];
            for (int i = 0; i < cnn.length; i++) {
                cnn[i] = tiles[(i / w) / 50 * tilesAcross + (i % w) / 50];
            }
            assertCsvMatches(out.resolve("MLP_" + name + ".csv"), labels, classified);
            assertCsvMatches(out.resolve("CNN_" + name + ".csv"), labels, cnn);
            BufferedImage fig = ImageIO.read(out.resolve(name + "_figure.png").toFile());
            assertThat(fig.getWidth()).isGreaterThan(4 * 320);
        }
        // the compiled long CSV holds the same weighted F1 as the per-image files
        List<String[]> compiled = csv(out.resolve("scores.csv"));
        for (String name : List.of("t01", "t02")) {
            for (String stage : List.of("CNN", "MLP")) {
                String[] weighted = csv(out.resolve(stage + "_" + name + ".csv")).get(5);
                assertThat(compiled).anySatisfy(r -> assertThat(r).containsExactly(name, stage, "weighted", weighted[4],
                        weighted[5]));
            }
        }
        assertThat(compiled).noneSatisfy(r -> assertThat(r[0]).isEqualTo("t03"));
        String html = Files.readString(out.resolve("scores.html"));
        assertThat(html).contains("<svg").contains("Dry sediment").contains("t02");
        for (SelfSupervisedResult.Image i : result.images().subList(0, 2)) {
            assertThat(i.pixelF1()).isEqualTo(Double.parseDouble(csv(out.resolve("MLP_" + i.name() + ".csv")).get(5)[4]),
                    within(1e-6));
        }
    }

    @Test
    void anImageWithoutLabelsIsClassifiedAndGeoreferencedWithoutReports() throws IOException {
        Path classified = out.resolve("t03_classified.tif");
        try (RasterSource in = RasterFiles.open(images.resolve("t03.tif"));
             RasterSource c = RasterFiles.open(classified);
             RasterSource p = RasterFiles.open(out.resolve("t03_probability.tif"))) {
            assertThat(c.grid().width()).isEqualTo(in.grid().width());
            assertThat(c.grid().height()).isEqualTo(in.grid().height());
            assertThat(c.grid().gridToCrs()).isEqualTo(in.grid().gridToCrs());
            assertThat(org.deepraster.geo.Crs.same(c.grid().crs(), in.grid().crs())).isTrue();
            assertThat(c.palette()).isPresent();
            assertThat(p.width()).isEqualTo(in.width());
        }
        int[] v = read(classified);
        assertThat(java.util.Arrays.stream(v).allMatch(x -> x >= 1 && x <= 5)).as("class values 1-5").isTrue();
        assertThat(Files.readString(out.resolve("t03_classified.tif.aux.xml"))).contains("Paved road");
        assertThat(out.resolve("CNN_t03.csv")).doesNotExist();
        assertThat(out.resolve("MLP_t03.csv")).doesNotExist();
        assertThat(out.resolve("t03_figure.png")).doesNotExist();
        SelfSupervisedResult.Image t03 = result.images().get(2);
        assertThat(t03.labelled()).isFalse();
        assertThat(t03.reports()).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameClassification() throws IOException {
        Path again = dir.resolve("again");
        SelfSupervisedParameters p = SelfSupervisedParameters.of(List.of(images.resolve("t01.tif")), MODEL, again)
                .withTiles(50, 0.9).withSampling(3000, 5);
        new SelfSupervisedTool(engine).plan(p).run(Progress.NONE, line -> { });
        assertThat(read(again.resolve("t01_classified.tif"))).containsExactly(read(out.resolve("t01_classified.tif")));
    }

    @Test
    void georeferencingFromGdalsAuxXmlIsSaidAndWritten() throws IOException {
        // issue 21.2: GDAL's sidecar moves the image; the run says so and its outputs are where GDAL puts the image
        Path pam = Files.createDirectories(dir.resolve("pam"));
        Path image = Files.copy(images.resolve("t01.tif"), pam.resolve("p01.tif"));
        java.awt.geom.AffineTransform moved = new java.awt.geom.AffineTransform(0.25, 0, 0, -0.25, 1000, 2000);
        org.deepraster.raster.GeorefFixtures.auxXml(image, null, moved);
        Path o = dir.resolve("pam-out");
        SelfSupervisedTool.Plan plan = new SelfSupervisedTool(engine).plan(SelfSupervisedParameters.of(List.of(image), MODEL, o)
                .withTiles(50, 0.9).withSampling(3000, 5));
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("Georeferencing read from GDAL's sidecar p01.tif.aux.xml"));
        plan.run(Progress.NONE, line -> { });
        Path classified = o.resolve("p01_classified.tif");
        assertThat(org.deepraster.raster.GeoTiffWriter.readMetadata(classified))
                .contains("deepraster.georeferencing", "Georeferencing read from GDAL's sidecar p01.tif.aux.xml");
        try (org.deepraster.raster.RasterSource r = org.deepraster.raster.RasterFiles.open(classified)) {
            assertThat(r.grid().gridToCrs()).isEqualTo(moved);
        }
    }

    /** --overwrite keeps the earlier outputs until the new run is complete (issue 21, point 1). */
    @Test
    void aCancelledOverwriteLeavesTheEarlierOutputsAsTheyWere() throws IOException {
        Path ow = dir.resolve("ow");
        SelfSupervisedParameters p = SelfSupervisedParameters.of(List.of(images.resolve("t01.tif")), MODEL, ow)
                .withTiles(50, 0.9).withSampling(3000, 5);
        new SelfSupervisedTool(engine).plan(p).run(Progress.NONE, line -> { });
        Path classified = ow.resolve("t01_classified.tif");
        byte[] old = Files.readAllBytes(classified);
        Object key = Files.readAttributes(classified, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        SelfSupervisedParameters again = p.withOutput(false, true);
        java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        Progress cancelSoon = new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void worked(long n) {
                steps.addAndGet((int) n);
            }

            @Override
            public boolean isCancelled() {
                return steps.get() > 0;
            }
        };
        SelfSupervisedResult r = new SelfSupervisedTool(engine).plan(again).run(cancelSoon, line -> { });
        assertThat(r.cancelled()).isTrue();
        assertThat(classified).hasBinaryContent(old);
        assertThat(Files.readAttributes(classified, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(key);
        assertThat(dir.resolve(".ow.partial")).doesNotExist();
        SelfSupervisedResult done = new SelfSupervisedTool(engine).plan(again).run(Progress.NONE, line -> { });
        assertThat(done.images().get(0).classified()).isEqualTo(classified.toAbsolutePath());
        assertThat(Files.readAttributes(classified, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isNotEqualTo(key);
        assertThat(classified).hasBinaryContent(old); // same seed
        assertThat(dir.resolve(".ow.partial")).doesNotExist();
    }
}
