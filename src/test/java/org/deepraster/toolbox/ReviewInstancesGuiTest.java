package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepraster.toolbox.ReviewPanelGuiTest.find;
import static org.deepraster.toolbox.ReviewPanelGuiTest.onEdt;

import java.awt.event.KeyEvent;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.viewer.MapRenderer;
import org.deepraster.viewer.MapViewport;
import org.deepraster.viewer.VectorLayer;
import org.deepraster.viewer.ViewerApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The review panel on what Detect Objects writes for an instance model: polygons (L-shaped footprints here, not
 * boxes) with Class, ClassValue and Confidence. They are drawn as polygons, a selected row zooms to its footprint,
 * and accept / reject work as on boxes.
 */
@Tag("gui")
class ReviewInstancesGuiTest {
    @TempDir
    Path dir;

    /** {@code n} L-shaped footprints (a 16 m square less its 8 m north-east quarter) on a 40 m grid, UTM 33N. */
    static Path instances(Path dir, int n) throws Exception {
        Path out = dir.resolve("building_instances.gpkg");
        FeatureSchema schema = new FeatureSchema("building_instances", GeometryKind.POLYGON,
                List.of(new Field("Class", FieldType.STRING), new Field("ClassValue", FieldType.INTEGER),
                        new Field("Confidence", FieldType.REAL)), Crs.forEpsg(32633));
        GeometryFactory gf = new GeometryFactory();
        List<Feature> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("Class", "building");
            a.put("ClassValue", 1L);
            a.put("Confidence", 99.0 - i);
            fs.add(new Feature(i + 1, footprint(gf, i), a));
        }
        try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.OVERWRITE)) {
            w.write(fs);
        }
        return out;
    }

    static Geometry footprint(GeometryFactory gf, int i) {
        double x = 500_000 + (i % 4) * 40.0;
        double y = 5_000_000 + (i / 4) * 40.0;
        return gf.toGeometry(new Envelope(x, x + 16, y, y + 16))
                .difference(gf.toGeometry(new Envelope(x + 8, x + 16, y + 8, y + 16)));
    }

    @Test
    void instancePolygonsAreReviewedAsPolygons() throws Exception {
        Display.assumeAvailable();
        Path gpkg = instances(dir, 12);
        ViewerApp app = ViewerApp.start(List.of(gpkg), false, true);
        try {
            long deadline = System.currentTimeMillis() + 20_000;
            while (app.layers().layers().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            ReviewPanel panel = onEdt(() -> (ReviewPanel) find(app.frame(), "review.panel"));
            CountDownLatch opened = new CountDownLatch(1);
            onEdt(() -> {
                panel.onOpened(opened::countDown);
                panel.reviewTopResults();
                return null;
            });
            assertThat(opened.await(20, TimeUnit.SECONDS)).isTrue();
            LayerInfo layer = onEdt(panel::layer);
            assertThat(layer.currentStyle().orElseThrow().classField()).isEqualTo("Class");
            VectorLayer onMap = (VectorLayer) layer;
            assertThat(onMap.data().features()).allSatisfy(f -> assertThat(f.geometry().getArea()).isEqualTo(192.0));
            JTable table = onEdt(panel::featureTable);
            assertThat(onEdt(() -> currentId(table))).isEqualTo(1L);

            press(table, KeyEvent.VK_A); // 1 accepted, on to 2
            press(table, KeyEvent.VK_R); // 2 rejected, on to 3
            assertThat(onEdt(() -> currentId(table))).isEqualTo(3L);
            assertThat(onEdt(() -> panel.summary().getText())).contains("2 of 12 reviewed", "1 accepted", "1 rejected");

            // zoomed to footprint 3 (i = 2): the view holds it and centres on it, closer than the whole layer
            Envelope three = footprint(new GeometryFactory(), 2).getEnvelopeInternal();
            deadline = System.currentTimeMillis() + 5_000;
            while (!app.mapPane().viewport().extent().contains(three.centre()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            MapViewport vp = onEdt(() -> app.mapPane().viewport());
            assertThat(vp.extent().contains(three)).isTrue();
            assertThat(vp.extent().getWidth()).isLessThan(onMap.data().envelope().getWidth() * 2);
            assertThat(vp.extent().centre().distance(three.centre())).isLessThan(three.getWidth());

            // drawn as polygons: the L's missing quarter is not painted, its body is
            Path png = dir.resolve("review.png");
            MapRenderer.renderToPng(List.of(onMap), vp, onMap.data().schema().crs(), png);
            BufferedImage img = ImageIO.read(png.toFile());
            int body = pixel(img, vp, three.getMinX() + 4, three.getMinY() + 4);
            int notch = pixel(img, vp, three.getMinX() + 12, three.getMinY() + 12);
            int outside = pixel(img, vp, three.getMinX() - 6, three.getMinY() - 6);
            assertThat(notch).as("the notch looks like the outside").isEqualTo(outside);
            assertThat(body).as("the body is drawn").isNotEqualTo(outside);
        } finally {
            app.close();
        }
        Thread.sleep(300);
        try (ReviewModel again = ReviewModel.open(gpkg, "building_instances", null)) {
            assertThat(again.status(1)).isEqualTo(ReviewModel.StatusFilter.ACCEPTED);
            assertThat(again.status(2)).isEqualTo(ReviewModel.StatusFilter.REJECTED);
            assertThat(again.status(3)).isEqualTo(ReviewModel.StatusFilter.NOT_REVIEWED);
        }
    }

    private static int pixel(BufferedImage img, MapViewport vp, double x, double y) {
        Point2D p = vp.mapToScreen(x, y);
        return img.getRGB((int) p.getX(), (int) p.getY());
    }

    private static Long currentId(JTable table) {
        int v = table.getSelectedRow();
        return v < 0 ? null : (Long) table.getModel().getValueAt(table.convertRowIndexToModel(v), 0);
    }

    private static void press(JTable table, int code) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            long now = System.currentTimeMillis();
            java.awt.KeyboardFocusManager kfm = java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager();
            kfm.redispatchEvent(table, new KeyEvent(table, KeyEvent.KEY_PRESSED, now, 0, code, KeyEvent.CHAR_UNDEFINED));
            kfm.redispatchEvent(table, new KeyEvent(table, KeyEvent.KEY_RELEASED, now, 0, code, KeyEvent.CHAR_UNDEFINED));
        });
    }
}
