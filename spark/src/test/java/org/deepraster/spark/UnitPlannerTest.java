package org.deepraster.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deepraster.sample.SampleScene;
import org.deepraster.tiling.RasterRegion;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work units without Spark: windows on tile cores whose extents round back to exactly their pixels; refusals. */
class UnitPlannerTest {
    @TempDir
    static Path tmp;
    static Path raster;
    static final SparkPaths PATHS = SparkPaths.of(new Configuration());

    @BeforeAll
    static void scene() throws IOException {
        raster = SampleScene.ensure(tmp.resolve("scene"), 500, 3).scene();
    }

    static JobFile job(String tool, String params) {
        Path model = tool.equals("detect-objects") ? SparkJobTest.DETECTOR : SparkJobTest.LANDCOVER;
        return JobFile.parse("{\"tool\": \"" + tool + "\", \"parameters\": {\"in_model_definition\": \"" + model + "\""
                + params + "}}", "test", ToolRegistry::find);
    }

    @Test
    void windowsLieOnTileCoresAndTheirExtentsRoundToTheirPixels() throws IOException {
        UnitPlanner.Split s = UnitPlanner.windows(PATHS, job("detect-objects", ", \"arguments\": \"padding 48\""),
                raster.toString(), 1);
        assertThat(s.step()).isEqualTo(256 - 2 * 48);
        assertThat(s.units()).hasSize(16); // 500 px every 160 px: 160, 160, 160, 20
        for (WorkUnit u : s.units()) {
            assertThat(u.x() % 160).isZero();
            assertThat(u.y() % 160).isZero();
            RasterRegion r = RasterRegion.of(s.grid(), "scene", new ProcessingExtent.Box(u.extent(), null));
            assertThat(r.roi()).as(u.id()).isEqualTo(u.window());
        }
        assertThat(s.units().get(15)).extracting(WorkUnit::id, WorkUnit::width, WorkUnit::height)
                .containsExactly("scene_w003_003", 20, 20);
    }

    @Test
    void whatASplitRasterCannotEqualIsRefused() {
        assertThatThrownBy(() -> UnitPlanner.windows(PATHS, job("classify-pixels",
                ", \"arguments\": \"padding 32;blend_tiles True\""), raster.toString(), 2))
                .isInstanceOf(UserException.class).hasMessageContaining("blend_tiles");
        assertThatThrownBy(() -> UnitPlanner.windows(PATHS, job("detect-objects",
                ", \"processing_extent\": \"0 0 1 1\""), raster.toString(), 2))
                .isInstanceOf(UserException.class).hasMessageContaining("processing extent");
        assertThatThrownBy(() -> UnitPlanner.windows(PATHS, job("classify-pixels",
                ", \"out_feature_class\": \"p.gpkg\""), raster.toString(), 2))
                .isInstanceOf(UserException.class).hasMessageContaining("window edges");
        assertThatThrownBy(() -> SparkJob.Options.parse(new String[] {"job.json", "--out", "o", "--window-tiles", "2",
                "a.tif", "b.tif"})).isInstanceOf(UserException.class).hasMessageContaining("splits one raster");
    }

    @Test
    void foldersAreListedByRasterNameAndSameNamesAreRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("folder"));
        Files.copy(raster, dir.resolve("b.tif"));
        Files.copy(raster, dir.resolve("a.TIF"));
        Files.writeString(dir.resolve("notes.txt"), "x");
        List<String> r = UnitPlanner.rasters(PATHS, List.of(dir.toString()));
        assertThat(r).extracting(SparkPaths::stem).containsExactly("a", "b");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.copy(raster, other.resolve("a.tif"));
        assertThatThrownBy(() -> UnitPlanner.rasters(PATHS, List.of(dir.toString(), other.resolve("a.tif").toString())))
                .isInstanceOf(UserException.class).hasMessageContaining("same file name");
    }
}
