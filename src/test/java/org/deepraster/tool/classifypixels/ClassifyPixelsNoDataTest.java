package org.deepraster.tool.classifypixels;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.inference.InferenceEngine;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "NoData pixels" counts what the output holds (issue 21, point 7): all of it for an input that is all NoData, also after --resume. */
class ClassifyPixelsNoDataTest {
    @TempDir
    Path dir;

    @Test
    void anAllNoDataOutputSaysSoAlsoWhenResumed() throws IOException {
        int all = ClassifyPixelsToolTest.W * ClassifyPixelsToolTest.H;
        Path in = ClassifyPixelsToolTest.raster(dir.resolve("nodata.tif"),
                new Rectangle(0, 0, ClassifyPixelsToolTest.W, ClassifyPixelsToolTest.H));
        Path out = dir.resolve("classes.tif");
        String model = ClassifyPixelsToolTest.model("seg_conv", 32, 32, "");
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(in, model, out);
        try (InferenceEngine engine = new InferenceEngine()) {
            ClassifyPixelsResult first = new ClassifyPixelsTool(engine).run(p, Progress.NONE, List.of());
            assertThat(first.noDataPixels()).isEqualTo(all);
            ClassifyPixelsResult resumed = new ClassifyPixelsTool(engine).run(p.withResume(true), Progress.NONE, List.of());
            assertThat(resumed.report().progress().resumed()).isPositive();
            assertThat(resumed.noDataPixels()).isEqualTo(all);
            // a half-NoData input, resumed after it completed: the whole output's NoData, not this run's none
            Path half = ClassifyPixelsToolTest.raster(dir.resolve("half.tif"), new Rectangle(0, 0, ClassifyPixelsToolTest.W / 2,
                    ClassifyPixelsToolTest.H));
            ClassifyPixelsParameters h = ClassifyPixelsParameters.of(half, model, dir.resolve("half_classes.tif"));
            long once = new ClassifyPixelsTool(engine).run(h, Progress.NONE, List.of()).noDataPixels();
            assertThat(once).isBetween((long) all / 2 - ClassifyPixelsToolTest.H, (long) all / 2 + ClassifyPixelsToolTest.H);
            assertThat(new ClassifyPixelsTool(engine).run(h.withResume(true), Progress.NONE, List.of()).noDataPixels())
                    .isEqualTo(once);
            // tiles that cannot be read leave their blocks NoData: counted, not "NoData pixels: 0"
            byte[] tif = java.nio.file.Files.readAllBytes(ClassifyPixelsToolTest.raster(dir.resolve("ok.tif"), null));
            Path bad = dir.resolve("bad.tif");
            java.nio.file.Files.write(bad, org.deepraster.campaign.HostileInputsAccess.tileCount(tif, 0x10000000));
            ClassifyPixelsResult failed = new ClassifyPixelsTool(engine).run(ClassifyPixelsParameters.of(bad, model,
                    dir.resolve("bad_classes.tif")), Progress.NONE, List.of());
            assertThat(failed.report().progress().failed()).isPositive();
            long classified = failed.pixelsByClass().values().stream().mapToLong(Long::longValue).sum();
            assertThat(failed.noDataPixels()).isPositive().isEqualTo(all - classified);
        }
    }
}
