package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import org.deepraster.geo.Crs;
import org.deepraster.inference.InputNormalization;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Chips on a 64 x 64 raster whose band 0 holds the column and band 1 the row (1 m pixels, upper-left
 * corner at 1000, 2000), with NoData (255) where both are 48 or more.
 */
class ChipReaderTest {
    @TempDir
    static Path dir;
    static RasterSource raster;
    static final GeometryFactory GF = new GeometryFactory();
    static final InputNormalization IDENTITY = new InputNormalization("identity", new float[] {1, 1}, new float[] {0, 0});

    @BeforeAll
    static void raster() throws IOException {
        Path f = dir.resolve("xy.tif");
        int n = 64;
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(n, n, 2, SampleType.UINT8).withTileSize(16)
                .georeferenced(new AffineTransform(1, 0, 0, -1, 1000, 2000), Crs.forEpsg(32633)).withNoData(255.0);
        float[] s = new float[2 * n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean nd = x >= 48 && y >= 48;
                s[y * n + x] = nd ? 255 : x;
                s[n * n + y * n + x] = nd ? 255 : y;
            }
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(f, o)) {
            w.writeRows(s, n);
        }
        raster = RasterFiles.open(f);
    }

    /** The polygon covering pixel columns x0..x1-1 and rows y0..y1-1. */
    static Geometry pixels(int x0, int y0, int x1, int y1) {
        return GF.toGeometry(new Envelope(1000 + x0, 1000 + x1, 2000 - y1, 2000 - y0));
    }

    static float at(float[] chip, int w, int h, int band, int x, int y) {
        return chip[band * w * h + y * w + x];
    }

    @Test
    void fixedChipIsCentredOnTheBoundingBox() throws IOException {
        ChipReader r = new ChipReader(8, 8, new int[] {0, 1}, true, false, 3, IDENTITY);
        float[] c = r.read(raster, pixels(18, 10, 23, 15)).data();
        // bbox centre (20.5, 12.5) -> upper-left round(16.5), round(8.5) = (17, 9)
        assertThat(at(c, 8, 8, 0, 0, 0)).isEqualTo(17f);
        assertThat(at(c, 8, 8, 1, 0, 0)).isEqualTo(9f);
        assertThat(at(c, 8, 8, 0, 7, 7)).isEqualTo(24f);
    }

    @Test
    void boundingBoxIsResizedToTheChipWhenTheCropIsNotFixed() throws IOException {
        ChipReader r = new ChipReader(10, 10, new int[] {0, 1}, false, false, 3, IDENTITY);
        float[] c = r.read(raster, pixels(18, 10, 23, 15)).data();
        assertThat(at(c, 10, 10, 0, 0, 0)).isEqualTo(18f);
        assertThat(at(c, 10, 10, 0, 9, 0)).isEqualTo(22f);
        assertThat(at(c, 10, 10, 1, 0, 9)).isEqualTo(14f);
    }

    @Test
    void bandsAreReadInTheModelsOrderAndNormalised() throws IOException {
        InputNormalization half = new InputNormalization("x/2+1", new float[] {0.5f, 0.5f}, new float[] {1, 1});
        ChipReader r = new ChipReader(8, 8, new int[] {1, 0}, true, false, 3, half);
        float[] c = r.read(raster, pixels(18, 10, 23, 15)).data();
        assertThat(at(c, 8, 8, 0, 0, 0)).isEqualTo(9 / 2f + 1);
        assertThat(at(c, 8, 8, 1, 0, 0)).isEqualTo(17 / 2f + 1);
    }

    @Test
    void blackenAroundTheFeatureZeroesPixelsOutsideThePolygon() throws IOException {
        ChipReader r = new ChipReader(8, 8, new int[] {0, 1}, true, true, 3, IDENTITY);
        float[] c = r.read(raster, pixels(18, 10, 23, 15)).data();
        assertThat(at(c, 8, 8, 0, 0, 0)).isZero(); // pixel (17, 9): outside
        assertThat(at(c, 8, 8, 1, 0, 0)).isZero();
        assertThat(at(c, 8, 8, 0, 1, 1)).isEqualTo(18f); // pixel (18, 10): inside
        assertThat(at(c, 8, 8, 0, 5, 5)).isEqualTo(22f); // pixel (22, 14): inside
        assertThat(at(c, 8, 8, 0, 6, 6)).isZero(); // pixel (23, 15): outside
    }

    @Test
    void pointsAreBufferedWhenBlackening() throws IOException {
        ChipReader r = new ChipReader(16, 16, new int[] {0, 1}, true, true, 3, IDENTITY);
        Geometry p = GF.createPoint(new Coordinate(1030, 1970)); // pixel (30, 30)
        float[] c = r.read(raster, p).data();
        // chip upper-left (22, 22): the centre pixel is kept, a corner 8 px away is outside the 3 px buffer
        assertThat(at(c, 16, 16, 0, 8, 8)).isEqualTo(30f);
        assertThat(at(c, 16, 16, 0, 9, 8)).isEqualTo(31f);
        assertThat(at(c, 16, 16, 0, 0, 0)).isZero();
    }

    @Test
    void noDataPixelsAreZeroAndChipsOfOnlyNoDataOrOutsideAreSkipped() throws IOException {
        ChipReader r = new ChipReader(8, 8, new int[] {0, 1}, true, false, 3, IDENTITY);
        ChipReader.Chip edge = r.read(raster, pixels(44, 44, 48, 48)); // chip (42..49): a corner is NoData
        assertThat(edge.data()).isNotNull();
        assertThat(at(edge.data(), 8, 8, 0, 7, 7)).isZero();
        assertThat(at(edge.data(), 8, 8, 0, 0, 0)).isEqualTo(42f);
        assertThat(r.read(raster, pixels(54, 54, 58, 58)).skipReason()).isEqualTo(ChipReader.NO_DATA);
        assertThat(r.read(raster, pixels(200, 10, 205, 15)).skipReason()).isEqualTo(ChipReader.OUTSIDE);
        // half outside the raster: the outside half is zero
        ChipReader.Chip half = r.read(raster, pixels(-2, 10, 2, 14));
        assertThat(at(half.data(), 8, 8, 0, 0, 0)).isZero();
        assertThat(at(half.data(), 8, 8, 0, 7, 0)).isEqualTo(3f);
    }
}
