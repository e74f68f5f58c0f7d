package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every .tif under ../shared/data/imagery (when present) opens and matches the JDK's TIFF reader. */
class RealImageryTest {
    /** ../shared/data/imagery from the repository root (../../shared from a worktree under wt/). */
    static final Path IMAGERY = Stream.of(Path.of("..", "shared", "data", "imagery"),
                    Path.of("..", "..", "shared", "data", "imagery"))
            .filter(Files::isDirectory).findFirst().orElse(Path.of("..", "shared", "data", "imagery"));

    @TestFactory
    Stream<DynamicTest> everySampleTiffOpensAndMatchesImageIo() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(IMAGERY), "no shared imagery here");
        List<Path> files;
        try (Stream<Path> s = Files.walk(IMAGERY)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?"))
                    .sorted().toList();
        }
        Assumptions.assumeTrue(!files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path f) throws IOException {
        assertThat(RasterFiles.isRaster(f)).isTrue();
        try (RasterSource r = RasterFiles.open(f)) {
            int[] bands = GeoTiffReadTest.allBands(r);
            RasterWindow full = r.read(new Rectangle(0, 0, r.width(), r.height()), bands);
            RasterWindow small = r.read(new Rectangle(0, 0, r.width(), r.height()), 64, 64, bands);
            assertThat(small.width()).isEqualTo(64);
            assertThat(r.statistics(0).max()).isGreaterThanOrEqualTo(r.statistics(0).min());
            BufferedImage ref;
            try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
                ImageReader reader = ImageIO.getImageReaders(in).next();
                reader.setInput(in);
                ref = reader.read(0);
                reader.dispose();
            } catch (Exception e) {
                return; // the JDK cannot read it: nothing to compare with
            }
            Raster ras = ref.getRaster();
            int nb = Math.min(ras.getNumBands(), bands.length);
            double maxDiff = 0;
            for (int y = 0; y < r.height(); y += 3) {
                for (int x = 0; x < r.width(); x += 3) {
                    for (int b = 0; b < nb; b++) {
                        maxDiff = Math.max(maxDiff, Math.abs(ras.getSampleDouble(x, y, b) - full.sample(b, x, y)));
                    }
                }
            }
            // JPEG: YCbCr -> RGB rounding may differ by 1
            assertThat(maxDiff).as(f.toString()).isLessThanOrEqualTo(1.0);
        }
    }
}
