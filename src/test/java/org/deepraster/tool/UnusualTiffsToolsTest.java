package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.job.JobReport;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.raster.UnusualTiffs;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsResult;
import org.deepraster.tool.classifypixels.ClassifyPixelsTool;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsResult;
import org.deepraster.tool.detectobjects.DetectObjectsTool;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataResult;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GIMP GeoTIFF (EXIF thumbnail), the GeoTIFF with internal overviews and a mask, and the COG
 * with a thumbnail run end to end through Classify Pixels, Export Training Data and Detect Objects:
 * the image is what is processed, and the mask is no data (no output there, tiles and chips wholly
 * inside it skipped).
 */
class UnusualTiffsToolsTest {
    @TempDir
    static Path dir;
    static InferenceEngine engine;

    @BeforeAll
    static void setUp() {
        engine = new InferenceEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    /** seg_softmax classifies each pixel as the index of its largest band (the first one on ties). */
    static int argmax(int x, int y) {
        int best = 0;
        for (int b = 1; b < 3; b++) {
            if (UnusualTiffs.pixel(x, y, b) > UnusualTiffs.pixel(x, y, best)) {
                best = b;
            }
        }
        return best;
    }

    private static void classifyPixels(Path raster, boolean masked) throws IOException {
        Path out = dir.resolve(raster.getFileName() + ".classes.tif");
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(raster,
                        Fixtures.json("seg_softmax", "ImageClassification", ""), out)
                .withArguments(ModelArguments.parse("padding 0;batch_size 64")).withOutput(out, true);
        ClassifyPixelsResult r = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        try (RasterSource in = RasterFiles.open(raster); RasterSource res = RasterFiles.open(r.output())) {
            assertThat(res.width()).isEqualTo(in.width());
            assertThat(res.height()).isEqualTo(in.height());
            assertThat(res.grid().gridToCrs()).isEqualTo(in.grid().gridToCrs());
            RasterWindow w = res.read(new Rectangle(0, 0, res.width(), res.height()), new int[] {0});
            long noData = 0;
            for (int y = 0; y < res.height(); y++) {
                for (int x = 0; x < res.width(); x++) {
                    boolean valid = !masked || UnusualTiffs.maskValid(x, y);
                    assertThat(w.isValid(x, y)).as("%s: valid at %d,%d", raster.getFileName(), x, y).isEqualTo(valid);
                    if (valid) {
                        assertThat((int) w.sample(0, x, y)).as("class at %d,%d", x, y).isEqualTo(argmax(x, y));
                    } else {
                        noData++;
                    }
                }
            }
            assertThat(r.noDataPixels()).isEqualTo(noData);
            if (masked) {
                assertThat(r.report().skipped()).isPositive(); // tiles wholly under the mask are not run
            }
        }
    }

    /** Exports 1-band class labels of the raster's grid: 200 px tiles (64 for the small GIMP image). */
    private static ExportTrainingDataResult export(Path raster, int tile) throws IOException {
        Path classes = dir.resolve(raster.getFileName() + ".labels.tif");
        int w;
        int h;
        AffineTransform t;
        try (RasterSource in = RasterFiles.open(raster)) {
            w = in.width();
            h = in.height();
            t = in.grid().gridToCrs();
        }
        byte[] v = new byte[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (1 + (i % w) / 50 % 2);
        }
        try (GeoTiffWriter wr = GeoTiffWriter.create(classes, GeoTiffWriter.Options.of(w, h, 1, SampleType.UINT8)
                .georeferenced(t, Crs.forEpsg(UnusualTiffs.EPSG)))) {
            wr.writeRows(v, h);
        }
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(raster,
                        dir.resolve(raster.getFileName() + ".export"), new ClassData.Raster(classes))
                .withFormat(MetadataFormat.Classified_Tiles, ChipFormat.TIFF).withTiles(tile, tile, tile, tile);
        ExportTrainingDataResult r = new ExportTrainingDataTool().run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        // every chip holds the image's own pixels
        try (RasterSource chip = RasterFiles.open(r.outFolder().resolve("images").resolve(firstChip(r.outFolder())))) {
            assertThat(chip.bandCount()).isEqualTo(3);
            RasterWindow cw = chip.read(new Rectangle(0, 0, tile, tile), new int[] {0, 1, 2});
            java.awt.geom.Point2D origin = chip.grid().pixelToMap(0, 0);
            int ox = (int) Math.round((origin.getX() - UnusualTiffs.X0) / UnusualTiffs.PIXEL);
            int oy = (int) Math.round((UnusualTiffs.Y0 - origin.getY()) / UnusualTiffs.PIXEL);
            for (int b = 0; b < 3; b++) {
                assertThat((int) cw.sample(b, tile - 1, tile - 1)).isEqualTo(UnusualTiffs.pixel(ox + tile - 1, oy + tile - 1, b));
            }
        }
        return r;
    }

    /** Detect Objects with the YOLOv5-layout fixture (one box per 32 px chip); returns the tiles skipped. */
    private static long detect(Path raster) throws IOException {
        DetectObjectsParameters p = DetectObjectsParameters.of(raster, Fixtures.json("detector_yolov5", "ObjectDetection",
                        "\"Classes\": [{\"Value\": 0, \"Name\": \"car\"}, {\"Value\": 1, \"Name\": \"tree\"}]"),
                dir.resolve(raster.getFileName() + ".gpkg")).withArguments(ModelArguments.parse("padding 0;batch_size 64"));
        DetectObjectsResult r = new DetectObjectsTool(engine).run(p, Progress.NONE, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(r.written()).isPositive();
        return r.report().skipped();
    }

    private static String firstChip(Path out) throws IOException {
        String line = java.nio.file.Files.readAllLines(out.resolve("map.txt")).get(0);
        return Path.of(line.split(" ")[0]).getFileName().toString();
    }

    @Test
    void gimpGeoTiff() throws IOException {
        Path f = UnusualTiffs.gimp(dir.resolve("gimp.tif"));
        classifyPixels(f, false);
        assertThat(export(f, 32).chips()).isEqualTo(6); // 3 x 2 tiles of 32 px
        assertThat(detect(f)).isZero();
    }

    @Test
    void geoTiffWithOverviewsAndAMask() throws IOException {
        Path f = UnusualTiffs.withOverviewsAndMask(dir.resolve("masked.tif"));
        classifyPixels(f, true);
        ExportTrainingDataResult r = export(f, 200);
        // 6 x 4 tiles; the two wholly under the mask (x < 400, y < 300: tiles (0,0) and (200,0)) are skipped
        assertThat(r.chips()).isEqualTo(22);
        assertThat(r.report().skipped()).isEqualTo(2);
        assertThat(detect(f)).isEqualTo(12 * 9); // the 32 px tiles wholly under the mask (x < 384, y < 288)
    }

    @Test
    void cogWithAThumbnail() throws IOException {
        Path f = UnusualTiffs.cogWithThumbnail(dir.resolve("cog.tif"));
        classifyPixels(f, false);
        assertThat(export(f, 256).chips()).isEqualTo(12); // 4 x 3 tiles of 256 px
        assertThat(detect(f)).isZero();
    }
}
