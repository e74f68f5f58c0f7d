package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.Container;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.viewer.VectorLayer;
import org.deepraster.viewer.ViewerApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review panel in the real viewer (with its plugins): keys dispatched to the feature table
 * on the EDT (robot input is unreliable under Xvfb without a window manager).
 */
@Tag("gui")
class ReviewPanelGuiTest {
    @TempDir
    Path dir;

    @Test
    void keyboardReviewFiltersSelectionAndExport() throws Exception {
        Display.assumeAvailable();
        Path gpkg = ReviewFixtures.classified(dir, 20);
        ViewerApp app = ViewerApp.start(List.of(gpkg), false, true);
        try {
            long deadline = System.currentTimeMillis() + 20_000;
            while (app.layers().layers().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(app.layers().layers()).hasSize(1);
            ReviewPanel panel = onEdt(() -> (ReviewPanel) find(app.frame(), "review.panel"));
            assertThat(panel).as("the Deep Learning plugin docks a review panel").isNotNull();
            CountDownLatch opened = new CountDownLatch(1);
            onEdt(() -> {
                panel.onOpened(opened::countDown);
                panel.reviewTopResults();
                return null;
            });
            assertThat(opened.await(20, TimeUnit.SECONDS)).isTrue();
            LayerInfo layer = onEdt(panel::layer);
            assertThat(layer).isSameAs(app.layers().layers().get(0)); // the layer opened from the file: ids agree
            assertThat(layer.currentStyle().orElseThrow().classField()).as("drawn by class now").isEqualTo("ClassLabel");
            assertThat(layer.currentStyle().orElseThrow().review()).as("decisions drawn")
                    .isEqualTo(org.deepraster.plugin.LayerStyle.Review.DEFAULT);
            JTable table = onEdt(panel::featureTable);
            ReviewModel model = onEdt(panel::model);
            // without the run's style the classes come in class-value order: 1 = undamaged, 2 = damaged
            assertThat(model.classes()).containsExactly("undamaged", "damaged");
            assertThat(onEdt(() -> currentId(table))).as("starts at the first feature").isEqualTo(1L);
            assertThat(onEdt(() -> app.selection().selected(layer))).containsExactly(1L);

            press(table, KeyEvent.VK_A);        // fid 1 accepted, on to 2
            press(table, KeyEvent.VK_R);        // fid 2 rejected, on to 3
            press(table, KeyEvent.VK_1);        // fid 3 (damaged) relabelled undamaged, on to 4
            press(table, KeyEvent.VK_UP);       // back to 3
            assertThat(onEdt(() -> currentId(table))).isEqualTo(3L);
            press(table, KeyEvent.VK_U);        // cleared; stays
            press(table, KeyEvent.VK_2);        // relabel to its own class = accept, on to 4
            press(table, KeyEvent.VK_DOWN);     // 5
            press(table, KeyEvent.VK_N);        // 6
            press(table, KeyEvent.VK_P);        // 5
            press(table, KeyEvent.VK_LEFT);     // 4
            press(table, KeyEvent.VK_1);        // fid 4 is undamaged already: accepted, on to 5
            press(table, KeyEvent.VK_NUMPAD2);  // fid 5 (damaged) accepted, on to 6
            press(table, KeyEvent.VK_RIGHT);    // 7
            press(table, KeyEvent.VK_1);        // fid 7 (damaged) relabelled undamaged, on to 8
            assertThat(onEdt(() -> currentId(table))).isEqualTo(8L);
            assertThat(onEdt(() -> app.selection().selected(layer))).containsExactly(8L);
            assertThat(onEdt(() -> panel.summary().getText())).contains("6 of 20 reviewed", "4 accepted", "1 relabelled", "1 rejected");
            ReviewModel.Counts damaged = onEdt(() -> model.counts().get("damaged"));
            assertThat(damaged).isEqualTo(new ReviewModel.Counts(10, 3, 1, 0));
            assertThat(onEdt(() -> panel.classTable().getValueAt(1, 3))).as("counts shown per class").isEqualTo(3);

            // the map layer holds the decisions too (what the status filter and identify see)
            VectorLayer onMap = (VectorLayer) layer;
            deadline = System.currentTimeMillis() + 5_000;
            while (!"rejected".equals(feature(onMap, 2).get("Review")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(feature(onMap, 2).get("Review")).isEqualTo("rejected");

            // filters: the map layer's filter and the table follow
            onEdt(() -> {
                panel.showClass("damaged", false);
                return null;
            });
            assertThat(onEdt(table::getRowCount)).isEqualTo(10);
            assertThat(onMap.shows(feature(onMap, 1))).as("damaged is hidden on the map").isFalse();
            assertThat(onMap.shows(feature(onMap, 2))).isTrue();
            onEdt(() -> {
                panel.minConfidence().setValue(80);
                return null;
            });
            int confident = (int) model.features().stream()
                    .filter(f -> model.modelClass(f).equals("undamaged") && model.confidence(f) >= 80).count();
            assertThat(onEdt(table::getRowCount)).isEqualTo(confident).isLessThan(10);
            onEdt(() -> {
                panel.minConfidence().setValue(0);
                panel.showClass("damaged", true);
                return null;
            });
            assertThat(onEdt(table::getRowCount)).isEqualTo(20);
            assertThat(onMap.filter()).as("no filter when everything is shown").isNull();

            // a feature picked on the map selects its row
            app.selection().select(layer, Set.of(12L));
            deadline = System.currentTimeMillis() + 5_000;
            while (onEdt(() -> currentId(table)) != 12L && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(onEdt(() -> currentId(table))).isEqualTo(12L);

            Path out = dir.resolve("accepted.gpkg");
            assertThat(onEdt(() -> panel.exportTo(out, WriteMode.CREATE)).get(20, TimeUnit.SECONDS)).isEqualTo(5);
        } finally {
            app.close();
        }
        Thread.sleep(300);
        // the decisions are in the file
        try (ReviewModel again = ReviewModel.open(gpkg, "classified", null)) {
            assertThat(again.status(1)).isEqualTo(ReviewModel.StatusFilter.ACCEPTED);
            assertThat(again.status(2)).isEqualTo(ReviewModel.StatusFilter.REJECTED);
            assertThat(again.status(3)).isEqualTo(ReviewModel.StatusFilter.ACCEPTED);
            assertThat(again.status(7)).isEqualTo(ReviewModel.StatusFilter.RELABELLED);
            assertThat(again.decision(7).label()).isEqualTo("undamaged");
            assertThat(again.status(8)).isEqualTo(ReviewModel.StatusFilter.NOT_REVIEWED);
        }
        FeatureCollection accepted = VectorFiles.open(dir.resolve("accepted.gpkg")).get(0);
        assertThat(accepted.features()).hasSize(5);
    }

    @Test
    void aStreamedLayerWithSourceIdsIsReplacedByTheFilesFeatures() throws Exception {
        Display.assumeAvailable();
        Path gpkg = ReviewFixtures.classified(dir, 20);
        // what a run's layer holds: the same features under the ids of the source objects
        FeatureCollection file = VectorFiles.open(gpkg).get(0);
        FeatureCollection streamed = new FeatureCollection(file.schema(), file.features().stream()
                .map(f -> new Feature(((Number) f.get("SourceOID")).longValue(), f.geometry(), f.attributes())).toList(),
                gpkg, List.of());
        ViewerApp app = ViewerApp.start(List.of(), false, true);
        try {
            LayerInfo run = app.layers().addStreamingLayer(streamed, ReviewFixtures.style()).info();
            ReviewPanel panel = onEdt(() -> (ReviewPanel) find(app.frame(), "review.panel"));
            CountDownLatch opened = new CountDownLatch(1);
            onEdt(() -> {
                panel.onOpened(opened::countDown);
                panel.review(run);
                return null;
            });
            assertThat(opened.await(20, TimeUnit.SECONDS)).isTrue();
            LayerInfo reviewed = onEdt(panel::layer);
            assertThat(reviewed).isNotSameAs(run);
            assertThat(app.layers().layers()).containsExactly(reviewed);
            assertThat(reviewed.features().orElseThrow().features()).extracting(Feature::id)
                    .containsExactlyElementsOf(file.features().stream().map(Feature::id).toList());
            assertThat(reviewed.currentStyle().orElseThrow().classColors()).isEqualTo(ReviewFixtures.style().classColors());
            assertThat(reviewed.currentStyle().orElseThrow().review()).isEqualTo(org.deepraster.plugin.LayerStyle.Review.DEFAULT);
            // the run's class order (the model's) gives the number keys
            assertThat(onEdt(panel::model).classes()).containsExactly("damaged", "undamaged");
        } finally {
            app.close();
        }
    }

    private static Feature feature(VectorLayer layer, long id) {
        return layer.data().features().stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    private static Long currentId(JTable table) {
        int v = table.getSelectedRow();
        return v < 0 ? null : (Long) table.getModel().getValueAt(table.convertRowIndexToModel(v), 0);
    }

    private static void press(JTable table, int code) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            long now = System.currentTimeMillis();
            // delivered to the table as if it had the focus (a window without a window manager may
            // never get it); the table's key bindings handle it as they would a typed key
            java.awt.KeyboardFocusManager kfm = java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager();
            kfm.redispatchEvent(table, new KeyEvent(table, KeyEvent.KEY_PRESSED, now, 0, code, KeyEvent.CHAR_UNDEFINED));
            kfm.redispatchEvent(table, new KeyEvent(table, KeyEvent.KEY_RELEASED, now, 0, code, KeyEvent.CHAR_UNDEFINED));
        });
    }

    static Component find(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) {
                return c;
            }
            if (c instanceof Container k) {
                Component f = find(k, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Exception> err = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                out.set(c.call());
            } catch (Exception e) {
                err.set(e);
            }
        });
        if (err.get() != null) {
            throw err.get();
        }
        return out.get();
    }
}
