package org.deepraster.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

/** The INSTANCES flavour of the scene: deterministic, and it holds the hard cases it promises. */
class InstanceSceneTest {

    @Test
    void holdsTouchingLShapedEdgeCutAndTreeCoveredBuildings(@TempDir Path dir) throws Exception {
        SampleScene.Files3 a = new SampleScene(1024, 7, SampleScene.Flavour.INSTANCES).write(dir.resolve("a"));
        SampleScene.Files3 b = new SampleScene(1024, 7, SampleScene.Flavour.INSTANCES).write(dir.resolve("b"));
        SampleScene.Files3 s = new SampleScene(1024, 7).write(dir.resolve("standard"));
        assertThat(Files.readAllBytes(a.scene())).isEqualTo(Files.readAllBytes(b.scene()));
        assertThat(Files.readAllBytes(a.scene())).isNotEqualTo(Files.readAllBytes(s.scene()));
        Map<String, FeatureCollection> layers = VectorFiles.open(a.groundTruth()).stream()
                .collect(Collectors.toMap(l -> l.schema().name(), l -> l));
        List<Feature> buildings = layers.get("buildings").features();
        assertThat(buildings).hasSizeGreaterThan(30);
        assertThat(buildings).allMatch(f -> "building".equals(f.get("class")));
        assertThat(buildings).extracting(f -> (String) f.get("layout")).contains("single", "l_shape", "row");
        // touching: pairs of footprints that share a wall (distance 0) but do not overlap
        long touching = 0;
        for (int i = 0; i < buildings.size(); i++) {
            for (int j = i + 1; j < buildings.size(); j++) {
                Geometry p = buildings.get(i).geometry(), q = buildings.get(j).geometry();
                if (p.distance(q) < 1e-6) {
                    touching++;
                    assertThat(p.intersection(q).getArea()).isLessThan(0.05);
                }
            }
        }
        assertThat(touching).isGreaterThan(5);
        // L shapes: six corners
        assertThat(buildings.stream().filter(f -> f.get("layout").equals("l_shape")))
                .allMatch(f -> f.geometry().getCoordinates().length <= 8 && f.geometry().getCoordinates().length >= 7);
        // cut by a 256 px tile edge: the footprint crosses a line x or y = k * 256 px (map units: 0.3 m per px)
        long cut = buildings.stream().filter(f -> crossesTileEdge(f.geometry())).count();
        assertThat(cut).isGreaterThan(buildings.size() / 5);
        // trees over roofs
        long covered = buildings.stream().filter(f -> layers.get("trees").features().stream()
                .anyMatch(t -> t.geometry().intersects(f.geometry()))).count();
        assertThat(covered).isGreaterThan(buildings.size() / 6);
    }

    /** Whether a footprint crosses a line x = k * 256 px or y = k * 256 px of the scene's grid. */
    private static boolean crossesTileEdge(Geometry g) {
        // the scene's origin (top-left corner) for seed 7: SampleScene places it by seed
        double originX = 500_000 + 2_000 * 7, originY = 5_100_000 - 2_000 * 7;
        org.locationtech.jts.geom.Envelope e = g.getEnvelopeInternal();
        double step = 256 * SampleScene.PIXEL_SIZE;
        return Math.floor((e.getMinX() - originX) / step) != Math.floor((e.getMaxX() - originX) / step)
                || Math.floor((originY - e.getMaxY()) / step) != Math.floor((originY - e.getMinY()) / step);
    }
}
