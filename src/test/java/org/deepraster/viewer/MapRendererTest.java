package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.plugin.LayerStyle;
import org.deepraster.raster.SampleType;
import org.deepraster.util.CancelledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/** Headless: pixels of known layers land where the viewport says. */
class MapRendererTest {
    private static final CoordinateReferenceSystem UTM = Fixtures.utm33();

    /** One screen pixel = one raster pixel (10 m), raster fills the 100 x 100 image. */
    private static MapViewport exactView() {
        return new MapViewport(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500, 10, 100, 100);
    }

    private static int red(int argb) {
        return argb >> 16 & 0xFF;
    }

    private static int green(int argb) {
        return argb >> 8 & 0xFF;
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    @Test
    void rasterPixelsLandOnTheirScreenPixels() {
        MemoryRaster raster = Fixtures.raster(UTM);
        BufferedImage img = new MapRenderer().render(List.of(new RasterLayer(raster)), exactView(), UTM, () -> false);
        int p = img.getRGB(40, 70);
        assertThat(red(p)).isEqualTo(40 * 2 + 1);
        assertThat(green(p)).isEqualTo(70 * 2 + 1);
        assertThat(alpha(p)).isEqualTo(255);
        // NoData is transparent
        assertThat(alpha(img.getRGB(3, 3))).isZero();
        // read only at screen resolution
        assertThat(raster.lastOutW).isLessThanOrEqualTo(100);
    }

    @Test
    void zoomedOutReadIsAtScreenResolutionAndOutsideIsTransparent() {
        MemoryRaster raster = Fixtures.raster(UTM);
        // 40 m per screen pixel: the 1000 m raster covers 25 x 25 screen pixels in the middle of 100 x 100
        MapViewport vp = new MapViewport(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500, 40, 100, 100);
        BufferedImage img = new MapRenderer().render(List.of(new RasterLayer(raster)), vp, UTM, () -> false);
        assertThat(alpha(img.getRGB(5, 5))).isZero();
        assertThat(alpha(img.getRGB(60, 60))).isEqualTo(255);
        assertThat(raster.lastOutW).isBetween(20, 40);
        assertThat(raster.lastOutH).isBetween(20, 40);
    }

    @Test
    void coarseViewWaitsForOverviewsInsteadOfDecodingTheWholeRaster() {
        MemoryRaster raster = Fixtures.raster(UTM);
        RasterLayer layer = new RasterLayer(raster);
        java.util.concurrent.CompletableFuture<Void> building = new java.util.concurrent.CompletableFuture<>();
        layer.overviewsPending(building);
        // 40 m per screen pixel = 4 raster pixels per screen pixel in each direction: coarse
        MapViewport coarse = new MapViewport(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500, 50, 100, 100);
        BufferedImage pending = new MapRenderer().render(List.of(layer), coarse, UTM, () -> false);
        assertThat(raster.reads.get()).as("no read while the pyramid is built").isZero();
        assertThat(alpha(pending.getRGB(50, 50))).as("a placeholder is drawn").isGreaterThan(0);
        // a close view is cheap and is drawn meanwhile
        new MapRenderer().render(List.of(layer), exactView(), UTM, () -> false);
        assertThat(raster.reads.get()).isEqualTo(1);
        building.complete(null);
        BufferedImage ready = new MapRenderer().render(List.of(layer), coarse, UTM, () -> false);
        assertThat(raster.reads.get()).isEqualTo(2);
        assertThat(alpha(ready.getRGB(50, 50))).isEqualTo(255);
    }

    @Test
    void opacityAndStretch() {
        GridGeometry g = GridGeometry.northUp(10, 10, 0, 10, 1, UTM);
        MemoryRaster r16 = MemoryRaster.of("dem", g, SampleType.UINT16, null, 1, (b, c, r) -> 1000 + c * 100);
        RasterLayer layer = new RasterLayer(r16);
        layer.setOpacity(0.5f);
        MapViewport vp = new MapViewport(5, 5, 1, 10, 10);
        BufferedImage img = new MapRenderer().render(List.of(layer), vp, UTM, () -> false);
        assertThat(red(img.getRGB(0, 5))).isZero(); // the minimum maps to black
        assertThat(red(img.getRGB(9, 5))).isEqualTo(255); // the maximum to white
        assertThat(alpha(img.getRGB(5, 5))).isBetween(125, 130);
    }

    @Test
    void polygonLandsWhereExpectedAndAboveTheRaster() {
        RasterLayer raster = new RasterLayer(Fixtures.raster(UTM));
        VectorLayer parcels = new VectorLayer(Fixtures.polygons(UTM),
                new LayerStyle(Color.BLUE, Color.BLUE, 1f, 5f, null, null));
        BufferedImage img = new MapRenderer().render(List.of(parcels, raster), exactView(), UTM, () -> false);
        // the field covers map x 600..900 m, y -900..-600 m from the corner -> screen 60..90, 60..90
        assertThat(img.getRGB(75, 75) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(img.getRGB(50, 75) & 0xFFFFFF).isNotEqualTo(0x0000FF);
        assertThat(img.getRGB(75, 95) & 0xFFFFFF).isNotEqualTo(0x0000FF);
        // the house covers 20..30 x 30..40
        assertThat(img.getRGB(25, 35) & 0xFFFFFF).isEqualTo(0x0000FF);
    }

    @Test
    void aLayerFilterChangesWhatIsDrawnAndIdentified() {
        java.util.Map<Object, Color> colors = new java.util.LinkedHashMap<>();
        colors.put("field", Color.BLUE);
        colors.put("house", Color.RED);
        VectorLayer parcels = new VectorLayer(Fixtures.polygons(UTM),
                new LayerStyle(Color.BLACK, Color.GRAY, 1f, 5f, "name", colors));
        BufferedImage all = new MapRenderer().render(List.of(parcels), exactView(), UTM, () -> false);
        assertThat(alpha(all.getRGB(75, 75))).as("the field is drawn").isPositive();
        assertThat(alpha(all.getRGB(25, 35))).as("the house is drawn").isPositive();
        assertThat(all.getRGB(89, 75) & 0xFFFFFF).as("outlined in its class colour").isEqualTo(0x0000FF);

        parcels.setFilter(f -> !"field".equals(f.get("name")));
        BufferedImage filtered = new MapRenderer().render(List.of(parcels), exactView(), UTM, () -> false);
        assertThat(alpha(filtered.getRGB(75, 75))).as("the field is filtered out").isZero();
        assertThat(alpha(filtered.getRGB(89, 75))).isZero();
        assertThat(filtered.getRGB(25, 35)).as("the house is drawn as before").isEqualTo(all.getRGB(25, 35));
        assertThat(Identifier.feature(List.of(parcels), UTM, Fixtures.MIN_X + 750, Fixtures.MAX_Y - 750, 1)).isEmpty();
        assertThat(Identifier.feature(List.of(parcels), UTM, Fixtures.MIN_X + 250, Fixtures.MAX_Y - 350, 1)).isPresent();

        parcels.setFilter(null);
        BufferedImage again = new MapRenderer().render(List.of(parcels), exactView(), UTM, () -> false);
        assertThat(again.getRGB(75, 75)).isEqualTo(all.getRGB(75, 75));
    }

    @Test
    void reprojectedLayersLandRight() {
        // the same polygons and raster given in WGS 84, drawn on a UTM map
        CoordinateReferenceSystem wgs = Reprojector.wgs84();
        Reprojector toWgs = Reprojector.between(UTM, wgs);
        FeatureCollection utm = Fixtures.polygons(UTM);
        FeatureCollection geo = new FeatureCollection(Fixtures.schema("geo", wgs),
                utm.features().stream().map(f -> f.withGeometry(toWgs.transform(f.geometry()))).toList(), null, List.of());
        VectorLayer v = new VectorLayer(geo, new LayerStyle(Color.BLUE, Color.BLUE, 1f, 5f, null, null));
        BufferedImage img = new MapRenderer().render(List.of(v), exactView(), UTM, () -> false);
        assertThat(img.getRGB(75, 75) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(img.getRGB(25, 35) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(alpha(img.getRGB(50, 50))).isZero();

        // a raster in WGS 84 covering the UTM raster's area: a pixel's colour tells its column
        Envelope geoEnv = toWgs.transform(new Envelope(Fixtures.MIN_X - 100, Fixtures.MIN_X + 1100,
                Fixtures.MAX_Y - 1100, Fixtures.MAX_Y + 100));
        int n = 200;
        double px = geoEnv.getWidth() / n;
        GridGeometry gg = new GridGeometry(n, n, new java.awt.geom.AffineTransform(px, 0, 0, -geoEnv.getHeight() / n,
                geoEnv.getMinX(), geoEnv.getMaxY()), wgs);
        MemoryRaster geoRaster = MemoryRaster.of("geo", gg, SampleType.UINT8, null, 3, (b, c, r) -> b == 0 ? c : r);
        BufferedImage ri = new MapRenderer().render(List.of(new RasterLayer(geoRaster)), exactView(), UTM, () -> false);
        Reprojector toUtm = Reprojector.between(UTM, wgs);
        for (int[] s : new int[][] {{10, 10}, {50, 50}, {90, 20}, {20, 90}}) {
            Point2D m = exactView().screenToMap(s[0] + 0.5, s[1] + 0.5);
            double[] xy = {m.getX(), m.getY()};
            toUtm.transform(xy, 1);
            Point2D pix = gg.mapToPixel(xy[0], xy[1]);
            int argb = ri.getRGB(s[0], s[1]);
            assertThat(red(argb)).as("column at " + s[0] + "," + s[1]).isBetween((int) pix.getX() - 2, (int) pix.getX() + 2);
            assertThat(green(argb)).as("row at " + s[0] + "," + s[1]).isBetween((int) pix.getY() - 2, (int) pix.getY() + 2);
        }
    }

    @Test
    void layerWithoutCrsIsDrawnInTheMapCrsWithAWarning() {
        RasterLayer noCrs = new RasterLayer(Fixtures.raster(null));
        assertThat(noCrs.warnings()).anyMatch(w -> w.contains("no coordinate reference system"));
        BufferedImage img = new MapRenderer().render(List.of(noCrs), exactView(), UTM, () -> false);
        assertThat(red(img.getRGB(40, 70))).isEqualTo(81);
    }

    @Test
    void cancelledRenderStops() {
        AtomicInteger checks = new AtomicInteger();
        assertThatThrownBy(() -> new MapRenderer().render(List.of(new RasterLayer(Fixtures.raster(UTM))), exactView(),
                UTM, () -> checks.incrementAndGet() > 1)).isInstanceOf(CancelledException.class);
    }

    @Test
    void hiddenLayersAreNotDrawn() {
        RasterLayer r = new RasterLayer(Fixtures.raster(UTM));
        r.setVisible(false);
        BufferedImage img = new MapRenderer().render(List.of(r), exactView(), UTM, () -> false);
        assertThat(alpha(img.getRGB(50, 50))).isZero();
    }

    @Test
    void renderToPngWithoutADisplay(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("out/map.png");
        List<MapLayer> layers = List.of(new VectorLayer(Fixtures.polygons(UTM), LayerStyle.simple(Color.BLUE, Color.BLUE)),
                new RasterLayer(Fixtures.raster(UTM)));
        MapViewport vp = MapRenderer.renderToPng(layers, 200, 150, png);
        assertThat(Files.size(png)).isPositive();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(200);
        assertThat(vp.extent().contains(new Envelope(Fixtures.MIN_X, Fixtures.MIN_X + 1000,
                Fixtures.MAX_Y - 1000, Fixtures.MAX_Y))).isTrue();
        assertThat(Crs.displayName(layers.get(1).crs())).contains("32633");
    }

    /** Pixels that differ between two renders inside a screen rectangle. */
    private static int differing(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void labelsAreDrawnNearBigFeaturesOnlyAndFollowTheFilter() {
        LayerStyle plain = new LayerStyle(Color.BLUE, new Color(0, 0, 255, 60), 1f, 5f, null, null);
        VectorLayer v = new VectorLayer(Fixtures.polygons(UTM), plain);
        BufferedImage without = new MapRenderer().render(List.of(v), exactView(), UTM, () -> false);
        v.setStyle(plain.withLabel(LayerStyle.Label.of("{name} {area:%.0f}")));
        BufferedImage with = new MapRenderer().render(List.of(v), exactView(), UTM, () -> false);
        // the field (30 px, screen 60..90) is labelled just above its top-left corner
        assertThat(differing(without, with, 58, 40, 100, 60)).as("label above the field").isGreaterThan(20);
        // the house (10 px on screen, 20..30 x 30..40) is too small for a label
        assertThat(differing(without, with, 0, 0, 55, 45)).as("no label at the tiny house").isZero();
        // dark text with a light halo
        boolean dark = false, light = false;
        for (int y = 40; y < 60; y++) {
            for (int x = 58; x < 100; x++) {
                int p = with.getRGB(x, y);
                if (alpha(p) > 200 && red(p) < 80 && green(p) < 80) {
                    dark = true;
                }
                if (alpha(p) > 150 && red(p) > 200 && green(p) > 200) {
                    light = true;
                }
            }
        }
        assertThat(dark).as("label text").isTrue();
        assertThat(light).as("label halo").isTrue();

        // zoomed out (40 m a pixel) the field is under 12 px: no labels at all
        MapViewport far = new MapViewport(Fixtures.MIN_X + 500, Fixtures.MAX_Y - 500, 40, 100, 100);
        v.setStyle(plain);
        BufferedImage farWithout = new MapRenderer().render(List.of(v), far, UTM, () -> false);
        v.setStyle(plain.withLabel(LayerStyle.Label.of("{name}")));
        assertThat(differing(farWithout, new MapRenderer().render(List.of(v), far, UTM, () -> false), 0, 0, 100, 100))
                .as("no labels when features are tiny").isZero();

        // switched off in the layer list: drawn as without a label
        v.setStyle(plain.withLabel(LayerStyle.Label.of("{name}").withShown(false)));
        assertThat(differing(without, new MapRenderer().render(List.of(v), exactView(), UTM, () -> false), 0, 0, 100, 100))
                .isZero();

        // a filtered-out feature gets no label either
        v.setStyle(plain.withLabel(LayerStyle.Label.of("{name}")));
        v.setFilter(f -> !"field".equals(f.get("name")));
        BufferedImage filtered = new MapRenderer().render(List.of(v), exactView(), UTM, () -> false);
        assertThat(alpha(filtered.getRGB(75, 75))).isZero();
        for (int y = 40; y < 60; y++) {
            for (int x = 58; x < 100; x++) {
                assertThat(alpha(filtered.getRGB(x, y))).as("no label at " + x + "," + y).isZero();
            }
        }
    }

    @Test
    void labelsFadeWithTheLayerOpacity() {
        VectorLayer v = new VectorLayer(Fixtures.polygons(UTM), new LayerStyle(Color.BLUE, null, 1f, 5f, null, null)
                .withLabel(LayerStyle.Label.of("{name}")));
        BufferedImage opaque = new MapRenderer().render(List.of(v), exactView(), UTM, () -> false);
        v.setOpacity(0.5f);
        BufferedImage half = new MapRenderer().render(List.of(v), exactView(), UTM, () -> false);
        int maxOpaque = 0, maxHalf = 0;
        for (int y = 40; y < 60; y++) {
            for (int x = 58; x < 100; x++) {
                maxOpaque = Math.max(maxOpaque, alpha(opaque.getRGB(x, y)));
                maxHalf = Math.max(maxHalf, alpha(half.getRGB(x, y)));
            }
        }
        assertThat(maxOpaque).isGreaterThan(200);
        // text over its halo at half opacity: 1 - (1 - 0.5)^2 = 0.75 at most
        assertThat(maxHalf).isBetween(100, 195).isLessThan(maxOpaque - 40);
    }

    @Test
    void rejectedFeaturesAreFadedAndRelabelledOnesTakeTheNewClassColour() {
        java.util.Map<Object, Color> colors = new java.util.LinkedHashMap<>();
        colors.put("field", Color.BLUE);
        colors.put("house", Color.RED);
        LayerStyle style = new LayerStyle(Color.BLACK, Color.GRAY, 1f, 5f, "name", colors)
                .withReview(LayerStyle.Review.DEFAULT);
        FeatureCollection base = Fixtures.polygons(UTM);
        java.util.function.BiFunction<String, String, VectorLayer> reviewed = (status, label) -> {
            java.util.Map<String, Object> a = new java.util.HashMap<>();
            a.put("Review", status);
            a.put("ReviewLabel", label);
            return new VectorLayer(new FeatureCollection(base.schema(),
                    base.features().stream().map(f -> f.with(a)).toList(), null, List.of()), style);
        };
        BufferedImage accepted = new MapRenderer().render(List.of(reviewed.apply("accepted", null)), exactView(), UTM,
                () -> false);
        BufferedImage none = new MapRenderer().render(List.of(new VectorLayer(base, style)), exactView(), UTM, () -> false);
        assertThat(differing(accepted, none, 0, 0, 100, 100)).as("accepted features are drawn as normal").isZero();
        assertThat(accepted.getRGB(89, 75) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(alpha(accepted.getRGB(75, 75))).as("filled").isPositive();

        BufferedImage rejected = new MapRenderer().render(List.of(reviewed.apply("rejected", null)), exactView(), UTM,
                () -> false);
        assertThat(alpha(rejected.getRGB(75, 75))).as("no fill").isZero();
        int edge = rejected.getRGB(89, 75);
        boolean greyEdge = false;
        for (int y = 61; y < 89; y++) {
            int p = rejected.getRGB(89, y);
            if (alpha(p) > 0) {
                assertThat(red(p)).as("grey, not the class colour").isEqualTo(green(p));
                greyEdge = true;
            }
        }
        assertThat(greyEdge).as("a grey outline").isTrue();
        int gaps = 0;
        for (int y = 62; y < 88; y++) {
            if (alpha(rejected.getRGB(89, y)) == 0) {
                gaps++;
            }
        }
        assertThat(gaps).as("dashed (edge pixel " + Integer.toHexString(edge) + ")").isPositive();

        // relabelled from field to house: outlined in the house's red
        BufferedImage relabelled = new MapRenderer().render(List.of(reviewed.apply("accepted", "house")), exactView(),
                UTM, () -> false);
        assertThat(relabelled.getRGB(89, 75) & 0xFFFFFF).isEqualTo(0xFF0000);

        // without review fields in the style the decisions are not drawn (old styles)
        VectorLayer old = reviewed.apply("rejected", null);
        old.setStyle(new LayerStyle(Color.BLACK, Color.GRAY, 1f, 5f, "name", colors));
        BufferedImage oldStyle = new MapRenderer().render(List.of(old), exactView(), UTM, () -> false);
        assertThat(differing(oldStyle, none, 0, 0, 100, 100)).isZero();
    }
}
