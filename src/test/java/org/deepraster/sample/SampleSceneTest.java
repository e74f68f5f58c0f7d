package org.deepraster.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/** The synthetic scene: deterministic by seed, georeferenced, and its ground truth agrees with its pixels. */
class SampleSceneTest {

    @Test
    void sameSeedSameSceneOtherSeedOtherScene(@TempDir Path dir) throws Exception {
        SampleScene.Files3 a = new SampleScene(512, 5).write(dir.resolve("a"));
        SampleScene.Files3 b = new SampleScene(512, 5).write(dir.resolve("b"));
        SampleScene.Files3 c = new SampleScene(512, 6).write(dir.resolve("c"));
        assertThat(Files.readAllBytes(a.scene())).isEqualTo(Files.readAllBytes(b.scene()));
        assertThat(Files.readAllBytes(a.landCover())).isEqualTo(Files.readAllBytes(b.landCover()));
        assertThat(Files.readAllBytes(a.scene())).isNotEqualTo(Files.readAllBytes(c.scene()));
    }

    @Test
    void groundTruthMatchesTheLandCoverAndTheGrid(@TempDir Path dir) throws Exception {
        SampleScene.Files3 f = new SampleScene(1024, 11).write(dir);
        Map<String, FeatureCollection> layers = VectorFiles.open(f.groundTruth()).stream()
                .collect(Collectors.toMap(l -> l.schema().name(), l -> l));
        assertThat(layers).containsOnlyKeys("buildings", "trees", "cars");
        FeatureCollection buildings = layers.get("buildings");
        assertThat(Crs.epsgCode(buildings.schema().crs())).contains(SampleScene.EPSG);
        assertThat(buildings.features().stream().map(x -> x.get("damage")).distinct())
                .containsExactlyInAnyOrder("damaged", "undamaged");
        assertThat(layers.get("trees").size()).isGreaterThan(10);
        assertThat(layers.get("cars").size()).isGreaterThan(5);

        try (RasterSource scene = RasterFiles.open(f.scene()); RasterSource lc = RasterFiles.open(f.landCover())) {
            assertThat(scene.bandCount()).isEqualTo(3);
            assertThat(scene.grid().pixelSize()).isEqualTo(SampleScene.PIXEL_SIZE, org.assertj.core.data.Offset.offset(1e-9));
            RasterWindow classes = lc.read(new Rectangle(0, 0, lc.width(), lc.height()), new int[] {0});
            // the land-cover pixel under each footprint's interior point is "building"
            int hits = 0;
            List<Feature> fs = buildings.features();
            for (Feature b : fs) {
                Point p = b.geometry().getInteriorPoint();
                var px = lc.grid().mapToPixel(p.getX(), p.getY());
                if (classes.sample(0, (int) px.getX(), (int) px.getY()) == SceneRenderer.LC_BUILDING) {
                    hits++;
                }
            }
            assertThat(hits).isGreaterThanOrEqualTo((int) (fs.size() * 0.98));
        }
    }

    @Test
    void ensureRedrawsASceneOfAnOlderGenerator(@TempDir Path dir) throws Exception {
        SampleScene.Files3 f = SampleScene.ensure(dir, 256, 1);
        assertThat(SampleScene.isCurrent(dir)).isTrue();
        long written = Files.getLastModifiedTime(f.scene()).toMillis();
        SampleScene.ensure(dir, 256, 1);
        assertThat(Files.getLastModifiedTime(f.scene()).toMillis()).as("reused").isEqualTo(written);
        Files.writeString(dir.resolve("generator-version.txt"), "1\n");
        assertThat(SampleScene.isCurrent(dir)).isFalse();
        Files.setLastModifiedTime(f.scene(), java.nio.file.attribute.FileTime.fromMillis(0));
        SampleScene.ensure(dir, 256, 1);
        assertThat(SampleScene.isCurrent(dir)).isTrue();
        assertThat(Files.getLastModifiedTime(f.scene()).toMillis()).as("redrawn").isGreaterThan(0);
    }
}
