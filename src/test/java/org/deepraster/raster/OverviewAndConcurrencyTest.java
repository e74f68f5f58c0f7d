package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverviewAndConcurrencyTest {
    @TempDir
    Path dir;
    private String oldCache;

    @BeforeEach
    void useTempCache() {
        oldCache = System.getProperty("deepraster.cache");
        System.setProperty("deepraster.cache", dir.resolve("cache").toString());
    }

    @AfterEach
    void restoreCache() {
        if (oldCache == null) {
            System.clearProperty("deepraster.cache");
        } else {
            System.setProperty("deepraster.cache", oldCache);
        }
    }

    private Path bigFixture() throws IOException {
        return TiffFixtures.ownWriter(dir.resolve("big.tif"), 3000, 2100, 3, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
    }

    private static final class CountingProgress implements Progress {
        final AtomicLong total = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        volatile boolean cancelAfterFirst;

        @Override
        public void begin(String task, long t) {
            total.set(t);
        }

        @Override
        public void worked(long steps) {
            done.addAndGet(steps);
        }

        @Override
        public boolean isCancelled() {
            return cancelAfterFirst && done.get() > 0;
        }
    }

    @Test
    void buildsOverviewsInTheBackgroundAndReusesThemOnTheNextOpen() throws Exception {
        Path f = bigFixture();
        RasterWindow full;
        try (RasterSource r = RasterFiles.open(f)) {
            GeoTiffSource g = (GeoTiffSource) r;
            assertThat(g.levelSizes()).hasSize(1);
            CountingProgress p = new CountingProgress();
            var future = r.prepareOverviews(p);
            // reads work while the pyramid is being built
            RasterWindow early = r.read(new Rectangle(0, 0, 3000, 2100), 300, 210, new int[] {0});
            assertThat(early.width()).isEqualTo(300);
            future.get(60, TimeUnit.SECONDS);
            assertThat(r.prepareOverviews(p)).isSameAs(future);
            assertThat(p.done.get()).isEqualTo(p.total.get()).isEqualTo(2100);
            assertThat(g.levelSizes()).extracting(s -> s[0]).containsExactly(3000, 1500, 750, 375, 188);
            full = r.read(new Rectangle(0, 0, 3000, 2100), new int[] {0, 1, 2});
            // a half-resolution read comes from the 2 x 2 mean level
            RasterWindow half = r.read(new Rectangle(0, 0, 3000, 2100), 1500, 1050, new int[] {0, 1, 2});
            for (int y = 0; y < 1050; y += 7) {
                for (int x = 0; x < 1500; x += 5) {
                    for (int b = 0; b < 3; b++) {
                        float sum = full.sample(b, 2 * x, 2 * y) + full.sample(b, 2 * x + 1, 2 * y)
                                + full.sample(b, 2 * x, 2 * y + 1) + full.sample(b, 2 * x + 1, 2 * y + 1);
                        assertThat(half.sample(b, x, y)).isEqualTo((float) (int) (sum * 0.25f + 0.5f));
                    }
                }
            }
        }
        Path folder = OverviewCache.folderFor(f);
        assertThat(folder.resolve("complete")).exists();
        try (Stream<Path> s = Files.list(folder)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tmp-"));
        }
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(((GeoTiffSource) r).levelSizes()).hasSize(5);
            assertThat(r.prepareOverviews(Progress.NONE)).isCompleted();
            RasterWindow again = r.read(new Rectangle(0, 0, 3000, 2100), new int[] {0, 1, 2});
            assertThat(again.samples()).isEqualTo(full.samples());
        }
    }

    @Test
    void cancelledBuildLeavesNoCacheAndCanBeRestarted() throws Exception {
        Path f = bigFixture();
        try (RasterSource r = RasterFiles.open(f)) {
            CountingProgress p = new CountingProgress();
            p.cancelAfterFirst = true;
            var future = r.prepareOverviews(p);
            assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(CancelledException.class);
            Path folder = OverviewCache.folderFor(f);
            assertThat(folder.resolve("complete")).doesNotExist();
            try (Stream<Path> s = Files.list(folder)) {
                assertThat(s.toList()).isEmpty();
            }
            r.prepareOverviews(Progress.NONE).get(60, TimeUnit.SECONDS);
            assertThat(((GeoTiffSource) r).levelSizes()).hasSize(5);
        }
    }

    @Test
    void concurrentReadsGiveTheSameResultsAsSequentialOnes() throws Exception {
        Path f = TiffFixtures.ownWriter(dir.resolve("c.tif"), 700, 500, 3, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
        try (RasterSource r = RasterFiles.open(f)) {
            RasterWindow full = r.read(new Rectangle(0, 0, 700, 500), new int[] {0, 1, 2});
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int seed = t;
                    results.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        int checked = 0;
                        for (int i = 0; i < 40; i++) {
                            int x = rnd.nextInt(650);
                            int y = rnd.nextInt(450);
                            int w = 1 + rnd.nextInt(700 - x);
                            int h = 1 + rnd.nextInt(500 - y);
                            int band = rnd.nextInt(3);
                            RasterWindow win = r.read(new Rectangle(x, y, w, h), new int[] {band});
                            for (int k = 0; k < 20; k++) {
                                int px = rnd.nextInt(w);
                                int py = rnd.nextInt(h);
                                if (win.sample(0, px, py) != full.sample(band, x + px, y + py)) {
                                    throw new AssertionError("mismatch at " + (x + px) + "," + (y + py));
                                }
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> fu : results) {
                    assertThat(fu.get(60, TimeUnit.SECONDS)).isEqualTo(800);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anInterruptedReaderDoesNotBreakTheRasterForOthers() throws Exception {
        Path f = TiffFixtures.ownWriter(dir.resolve("i.tif"), 400, 300, 1, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
        try (RasterSource r = RasterFiles.open(f)) {
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    r.read(new Rectangle(0, 0, 400, 300), new int[] {0});
                } catch (IOException expected) {
                    // interrupted: fine
                }
            });
            t.start();
            t.join();
            RasterWindow w = r.read(new Rectangle(0, 0, 400, 300), new int[] {0});
            assertThat(w.sample(0, 399, 299)).isEqualTo((float) TiffFixtures.value(399, 299, 0));
        }
    }

    @Test
    void aRewrittenFileGetsANewPyramidAndTheOldOneIsRemoved() throws Exception {
        Path f = TiffFixtures.ownWriter(dir.resolve("v.tif"), 2100, 1100, 1, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
        Path first;
        try (RasterSource r = RasterFiles.open(f)) {
            r.prepareOverviews(Progress.NONE).get(60, TimeUnit.SECONDS);
            first = OverviewCache.folderFor(f);
            assertThat(first.resolve("complete")).exists();
        }
        TiffFixtures.ownWriter(f, 2300, 1100, 1, SampleType.UINT8, GeoTiffWriter.Compression.DEFLATE, null, false);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        try (RasterSource r = RasterFiles.open(f)) {
            assertThat(((GeoTiffSource) r).levelSizes()).hasSize(1); // the old pyramid does not fit
            r.prepareOverviews(Progress.NONE).get(60, TimeUnit.SECONDS);
            assertThat(((GeoTiffSource) r).levelSizes().get(1)[0]).isEqualTo(1150);
        }
        assertThat(OverviewCache.folderFor(f)).isNotEqualTo(first);
        assertThat(first).doesNotExist();
    }

    @Test
    void theSameFileOpenedTwiceBuildsItsPyramidOnce() throws Exception {
        Path f = TiffFixtures.ownWriter(dir.resolve("twice.tif"), 2100, 1100, 1, SampleType.UINT8,
                GeoTiffWriter.Compression.DEFLATE, null, false);
        try (RasterSource a = RasterFiles.open(f); RasterSource b = RasterFiles.open(f)) {
            CountingProgress pa = new CountingProgress();
            CountingProgress pb = new CountingProgress();
            var fa = a.prepareOverviews(pa);
            var fb = b.prepareOverviews(pb);
            fa.get(60, TimeUnit.SECONDS);
            fb.get(60, TimeUnit.SECONDS);
            assertThat(pa.done.get() + pb.done.get()).isEqualTo(1100);
            assertThat(((GeoTiffSource) a).levelSizes()).hasSize(5);
            assertThat(((GeoTiffSource) b).levelSizes()).hasSize(5);
        }
    }
}
