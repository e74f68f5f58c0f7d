package org.deepraster.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The river scenes: deterministic for a seed, all five classes present, a radiometry of their own per image. */
class RiverSceneTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameScenesEveryClassAndOwnRadiometry() throws Exception {
        RiverScene.Pixels a = RiverScenes.scene(3, 1, 400, 300).render();
        RiverScene.Pixels b = RiverScenes.scene(3, 1, 400, 300).render();
        assertThat(a.rgb()).isEqualTo(b.rgb());
        assertThat(a.labels()).isEqualTo(b.labels());
        long[] n = new long[6];
        for (byte v : a.labels()) {
            n[v]++;
        }
        assertThat(n[0]).isZero();
        for (int c = 1; c <= 5; c++) {
            assertThat(n[c]).as("pixels of class %d", c).isGreaterThan(400 * 300 / 100);
        }
        assertThat(RiverScenes.scene(3, 2, 400, 300).radiometry().gain())
                .isNotEqualTo(RiverScenes.scene(3, 1, 400, 300).radiometry().gain());

        List<RiverScenes.Written> w = RiverScenes.write(dir, "r", 3, 2, 400, 300);
        assertThat(w).hasSize(2);
        try (RasterSource img = RasterFiles.open(w.get(0).image()); RasterSource lab = RasterFiles.open(w.get(0).labels())) {
            assertThat(img.bandCount()).isEqualTo(3);
            assertThat(lab.bandCount()).isEqualTo(1);
            assertThat(lab.grid().gridToCrs()).isEqualTo(img.grid().gridToCrs());
            assertThat(lab.palette()).isPresent();
            assertThat(w.get(0).labels().getFileName().toString()).isEqualTo("SCLS_r01.tif");
        }
    }
}
