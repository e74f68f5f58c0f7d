package org.deepraster.toolbox;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import org.deepraster.viewer.ViewerApp;

/**
 * Opens a raster and a results GeoPackage in the viewer, starts reviewing, makes a few decisions
 * and filters, and saves screenshots (a manual check under Xvfb; not a test).
 * Args: RASTER RESULTS.gpkg OUTDIR.
 */
public final class ReviewDemo {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[2]);
        java.nio.file.Files.createDirectories(out);
        ViewerApp app = ViewerApp.start(List.of(Path.of(args[0]), Path.of(args[1])), false, true);
        SwingUtilities.invokeAndWait(() -> app.frame().setBounds(0, 0, 1600, 1000));
        while (app.layers().layers().size() < 2) {
            Thread.sleep(100);
        }
        Thread.sleep(1500);
        ReviewPanel panel = ReviewPanelGuiTest.onEdt(() -> (ReviewPanel) ReviewPanelGuiTest.find(app.frame(), "review.panel"));
        CountDownLatch opened = new CountDownLatch(1);
        SwingUtilities.invokeAndWait(() -> {
            panel.onOpened(opened::countDown);
            // as the menu item does
            for (var c : app.frame().getJMenuBar().getComponents()) {
                if (c instanceof javax.swing.JMenu m && m.getText().equals("Deep Learning")) {
                    for (int i = 0; i < m.getItemCount(); i++) {
                        if (m.getItem(i) != null && m.getItem(i).getText().startsWith("Review")) {
                            m.getItem(i).doClick();
                        }
                    }
                }
            }
        });
        opened.await(30, TimeUnit.SECONDS);
        JTable table = ReviewPanelGuiTest.onEdt(panel::featureTable);
        Thread.sleep(1500);
        shot(app, out.resolve("review-1-opened.png"));
        for (int code : new int[] {KeyEvent.VK_A, KeyEvent.VK_A, KeyEvent.VK_R, KeyEvent.VK_2, KeyEvent.VK_A}) {
            press(table, code);
            Thread.sleep(250);
        }
        Thread.sleep(500); // rendered, inside the flash
        shot(app, out.resolve("review-2-decisions.png"));
        SwingUtilities.invokeAndWait(() -> {
            panel.showClass("undamaged", false);
            panel.minConfidence().setValue(60);
            app.mapPane().zoomTo(app.layers().layers().get(0).extent());
        });
        Thread.sleep(2000);
        shot(app, out.resolve("review-3-filtered.png"));
        SwingUtilities.invokeAndWait(() -> ((javax.swing.JTabbedPane) ReviewPanelGuiTest.find(app.frame(), "dock")).setSelectedIndex(0));
        Thread.sleep(800);
        shot(app, out.resolve("review-4-legend.png"));
        System.exit(0);
    }

    private static void press(JTable table, int code) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            long now = System.currentTimeMillis();
            java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager().redispatchEvent(table,
                    new KeyEvent(table, KeyEvent.KEY_PRESSED, now, 0, code, KeyEvent.CHAR_UNDEFINED));
        });
    }

    private static void shot(ViewerApp app, Path png) throws Exception {
        Rectangle r = ReviewPanelGuiTest.onEdt(() -> app.frame().getBounds());
        BufferedImage img = new Robot().createScreenCapture(r);
        ImageIO.write(img, "png", png.toFile());
        System.out.println("screenshot: " + png + " layers " + app.layers().layers().stream()
                .map(l -> l.name() + "/" + l.id()).toList());
    }
}
