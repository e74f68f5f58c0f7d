package org.deepraster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.deepraster.bench.DeepLabV3Benchmark.Rate;
import org.deepraster.bench.DeepLabV3Benchmark.TorchResult;
import org.junit.jupiter.api.Test;

/** The deeplabv3 benchmark's arithmetic and its reading of the PyTorch script's line; nothing is timed. */
class DeepLabV3BenchmarkTest {

    @Test
    void tileGridOfA20000PxTile() {
        // 512 px chips, padding 128: stride 256, 79 tiles a side (the last one partly outside)
        assertThat(DeepLabV3Benchmark.tilesPerSide(20000, 256)).isEqualTo(79);
        assertThat(DeepLabV3Benchmark.tilesFor(20000, 256)).isEqualTo(6241);
        assertThat(DeepLabV3Benchmark.tilesFor(20000, 400)).isEqualTo(2500);
        assertThat(DeepLabV3Benchmark.tilesFor(512, 256)).isEqualTo(4);
    }

    @Test
    void stripHoldsTheMeasuredRowsWithTheirPadding() {
        assertThat(DeepLabV3Benchmark.stripHeight(8, 256, 128)).isEqualTo(1024);
        // 76 tiles a row at most (78 whole strides - 2): 200 tiles are 3 rows, 256 above + 768 + 256 below
        assertThat(DeepLabV3Benchmark.stripHeight(200, 256, 128)).isEqualTo(1280);
    }

    @Test
    void ratesProjectionsAndRatios() {
        Rate e2e = new Rate(8, 16, 30);
        Rate bare = new Rate(8, 12, 28);
        assertThat(e2e.tilesPerSecond()).isEqualTo(0.5);
        assertThat(e2e.cpuPerTile()).isEqualTo(3.75);
        assertThat(e2e.secondsFor(6241)).isEqualTo(12482.0);
        assertThat(DeepLabV3Benchmark.wallRatio(e2e, bare)).isCloseTo(0.75, within(1e-12));
        assertThat(DeepLabV3Benchmark.cpuRatio(e2e, bare)).isCloseTo(3.5 / 3.75, within(1e-12));
        assertThat(DeepLabV3Benchmark.ratios(List.of(e2e, e2e), List.of(bare, e2e), false)).containsExactly(0.75, 1.0);
    }

    @Test
    void medianOfRoundsPerTile() {
        assertThat(DeepLabV3Benchmark.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(DeepLabV3Benchmark.median(new double[] {4, 1})).isEqualTo(2.5);
        Rate m = Rate.median(List.of(new Rate(8, 8, 16), new Rate(8, 24, 8), new Rate(8, 16, 12)));
        assertThat(m.tiles()).isEqualTo(8);
        assertThat(m.wallS()).isEqualTo(16);
        assertThat(m.cpuS()).isEqualTo(12);
    }

    @Test
    void durationsAndTheTable() {
        assertThat(DeepLabV3Benchmark.duration(45)).isEqualTo("45.0 s");
        assertThat(DeepLabV3Benchmark.duration(750)).isEqualTo("12.5 min");
        assertThat(DeepLabV3Benchmark.duration(3 * 3600)).isEqualTo("3.0 h");
        assertThat(DeepLabV3Benchmark.duration(433 * 3600)).isEqualTo("18.0 days");
        String t = DeepLabV3Benchmark.table(6241, new String[] {"bare"}, new Rate[] {new Rate(6241, 1800, 3600)});
        // half an hour a tile: 433 tiles = 216.5 h = 9.0 days; twice as fast as an hour a tile; CPU 1 h a tile
        assertThat(t).contains("(6241)").contains("30.0 min").contains("9.0 days").contains("2.0x faster")
                .contains("3.467").contains("0.577").contains("60.0 min");
        assertThat(DeepLabV3Benchmark.speed(0.5)).isEqualTo("2.0x slower");
        assertThat(DeepLabV3Benchmark.speed(1.5)).isEqualTo("1.5x faster");
    }

    @Test
    void readsTheLastResultLineOfTheScript() throws IOException {
        String out = "UserWarning: something\nTORCH_EAGER_RESULT {\"tiles\": 1, \"wall_s\": 9, \"cpu_s\": 9, \"threads\": 1,"
                + " \"batch\": 1, \"max_abs_diff\": null, \"max_abs_logit\": null, \"torch\": \"x\"}\n"
                + "TORCH_EAGER_RESULT {\"tiles\": 8, \"wall_s\": 20.5, \"cpu_s\": 40.25, \"threads\": 2, \"batch\": 2,"
                + " \"max_abs_diff\": 1.5e-05, \"max_abs_logit\": 3.25, \"torch\": \"1.13.0a0\"}\n";
        TorchResult r = TorchResult.parse(out);
        assertThat(r.tiles()).isEqualTo(8);
        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.batch()).isEqualTo(2);
        assertThat(r.maxAbsDiff()).isEqualTo(1.5e-5);
        assertThat(r.maxAbsLogit()).isEqualTo(3.25);
        assertThat(r.torchVersion()).isEqualTo("1.13.0a0");
        assertThat(r.rate().tilesPerSecond()).isCloseTo(8 / 20.5, within(1e-12));
        assertThat(r.rate().cpuPerTile()).isCloseTo(40.25 / 8, within(1e-12));
        TorchResult none = TorchResult.parse("TORCH_EAGER_RESULT {\"tiles\": 2, \"wall_s\": 1, \"cpu_s\": 1, \"threads\": 1,"
                + " \"batch\": 1, \"max_abs_diff\": null, \"max_abs_logit\": null}");
        assertThat(none.maxAbsDiff()).isNaN();
        assertThat(none.torchVersion()).isEqualTo("?");
        assertThatThrownBy(() -> TorchResult.parse("Traceback ...\nImportError: torchvision"))
                .isInstanceOf(IOException.class).hasMessageContaining("TORCH_EAGER_RESULT");
    }
}
